// Reads YAML and writes it back as Decap CMS 3.16 does (decap-cms-core src/formats/yaml.ts:
// fromFile with yaml.parseDocument, toFile with yaml.createNode and keys sorted by the
// collection's field order), with the same `yaml` package from cms/node_modules.
// Usage: node decap_yaml.cjs <cms dir> < {"documents": [{"text", "keys", "list"}]} > {"files": [...]}
// A document with "list" is a list file: each record under that key is written on its own.
"use strict";
const path = require("path");
const yaml = require(path.resolve(process.argv[2], "node_modules", "yaml"));

const timestampTag = {
  identify: (value) => value instanceof Date,
  default: true,
  tag: "!timestamp",
  test: /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\.[0-9]+)?)Z$/,
  resolve: (str) => new Date(str),
  stringify: (value) => value.toISOString(),
};

function fromFile(content) {
  const doc = yaml.parseDocument(content, { customTags: [timestampTag], prettyErrors: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("\n"));
  return doc.toJSON();
}

function toFile(data, sortedKeys) {
  const contents = yaml.createNode(data);
  contents.items.sort((a, b) => {
    const idxA = sortedKeys.indexOf(a.key && a.key.toString());
    const idxB = sortedKeys.indexOf(b.key && b.key.toString());
    if (idxA === -1 || idxB === -1) return 0;
    return idxA - idxB;
  });
  const doc = new yaml.Document();
  doc.contents = contents;
  return doc.toString();
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const files = request.documents.flatMap((document) => {
    const data = fromFile(document.text);
    const records = document.list ? data[document.list] : [data];
    return records.map((record) => toFile(record, document.keys));
  });
  process.stdout.write(JSON.stringify({ files }));
});
