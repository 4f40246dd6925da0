"""The JSON Schema that editors' tools read, generated from the data model."""

from __future__ import annotations

import json
from pathlib import Path

from showcase.records.schema import DataFile

SCHEMA_PATH = Path("schema/data.schema.json")
SCHEMA_ID = "https://union-showcase.invalid/schema/data.schema.json"


def data_file_schema() -> str:
    """The schema of one data file as stable, readable JSON text."""
    schema = DataFile.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "$comment": "Generated from plugins/showcase/records/schema.py by `showcase schema`; do not edit.",
        "description": "工会展示数据文件：每个列表名（如 studios）下是若干条记录。",
        **schema,
    }
    # Not ASCII-escaped: the titles and descriptions are Chinese and meant to be read.
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
