/*
 * The site's search engine, behind Material's search box and result list.
 *
 * The index is built by showcase/site/search_shards.py (read it first: the files, the
 * terms, the impacts). This script runs in <head>, loads the index manifest at once, and
 * stands in for the search worker that Material's bundle creates: that worker is never
 * started (its lunr script is not even loaded), SETUP is answered READY at once, and every
 * QUERY is answered here, from the shards that the query's terms need, as a RESULT in the
 * worker's shape. Material's search box, its result list and its highlighting stay.
 *
 * Shards are script files that call showcaseSearchShard(name, data): loaded through a
 * <script> element, they work from a server and from file:// (the offline archive) alike.
 * Each is loaded once, when a query first needs it.
 *
 * A query is folded (NFKC, lower case, traditional -> simplified with the manifest's
 * table), then cut into terms:
 * - each run of Han characters into the words of the index that cover it with the fewest
 *   terms (the index holds jieba's words, the data's names and every two adjacent
 *   characters); a character no such term covers is looked up alone, as a last resort;
 * - numbers as printed (582.8万 and 582.8, 96.3% and 96.3);
 * - Latin letters as words, and the letters of the whole query without spaces as pinyin
 *   (kong xiang rui = kongxiangrui): full pinyin or initials of a name;
 * - the whole query without spaces and punctuation, when the index holds it: a name.
 * A page scores the sum over the query's terms of the term's rarity times its impact on
 * the page, and is ranked by how many of the query's words it holds, then by that score,
 * with a bonus when the query stands in one of its fields as typed (a phrase). Single
 * characters count only when no word of the query is in the index at all: then the list
 * says so plainly, and shows the names that share most characters with the query.
 * <html data-showcase-search> says "loading", then "ready" once the manifest is in.
 */
;(function () {
  "use strict"

  // Message types of Material's search worker (integrations/search/worker/message).
  var SETUP = 0
  var READY = 1
  var QUERY = 2
  var RESULT = 3

  var STATE = "data-showcase-search"
  var REGISTER = "showcaseSearchShard"
  var LIMIT = 20 // results listed
  var RERANK = 20 // results whose documents are read for the phrase bonus
  var LONGEST_WORD = 16
  var NUMBER = /(\d[\d,]*(?:\.\d+)?)(%|‰|[\u4e00-\u9fff])?/gu
  var HAN_RUN = /\p{sc=Han}+/gu
  var LATIN = /[a-z][a-z0-9]*/g
  var NOT_KEY = /[^\p{L}\p{N}]+/gu
  var PHRASE_BONUS = 1.5
  var SNIPPET_CHARS = 120 // a longer text is cut around what matched
  var MESSAGE_NO_WORD = function (query) {
    return "数据里没有“" + query + "”这个词。"
  }
  var MESSAGE_CLOSEST = "下面是名称最接近的记录："
  var MARK = "showcase-search:"
  // Material's search worker: assets/javascripts/workers/search.<digest>.min.js.
  var SEARCH_WORKER = /\/workers\/search\.[^/]*\.js(?:[?#]|$)/

  /*
   * A User Timing mark ("showcase-search:manifest"...): where a query's time goes, read by
   * bench/search_benchmark.py from the page's performance timeline.
   */
  function mark(name) {
    if (typeof performance === "object" && typeof performance.mark === "function")
      performance.mark(MARK + name)
  }

  /* The bucket of a term: FNV-1a of the UTF-16 code units of its key, as bucket_of(). */
  function bucketOf(term, buckets) {
    var chars = Array.from(term)
    var key = /^[a-z]+$/i.test(term) ? term : chars.slice(0, chars.length <= 2 ? 2 : 3).join("")
    var hash = 0x811c9dc5
    for (var i = 0; i < key.length; i++) {
      hash ^= key.charCodeAt(i)
      hash = Math.imul(hash, 0x01000193) >>> 0
    }
    return hash % buckets
  }

  function traditionalTable(pairs) {
    var chars = Array.from(pairs || "")
    var table = new Map()
    for (var i = 0; i + 1 < chars.length; i += 2) table.set(chars[i], chars[i + 1])
    return table
  }

  /* The form a query is compared in: NFKC, lower case, simplified; as the index's fold(). */
  function fold(text, table) {
    return Array.from(text.normalize("NFKC").toLowerCase())
      .map(function (char) {
        return table.get(char) || char
      })
      .join("")
  }

  function fromBase36(text) {
    return parseInt(text, 36)
  }

  /* A term's entry "df|doc,impact;..." as {df, docs: Map(doc -> impact)}. */
  function decodePostings(entry) {
    var bar = entry.indexOf("|")
    var docs = new Map()
    var previous = 0
    var body = entry.slice(bar + 1)
    if (body)
      body.split(";").forEach(function (pair) {
        var comma = pair.indexOf(",")
        previous += fromBase36(pair.slice(0, comma))
        docs.set(previous, fromBase36(pair.slice(comma + 1)))
      })
    return { df: fromBase36(entry.slice(0, bar)), docs: docs }
  }

  /*
   * The engine over one index. `load(file)` gives a promise of the data a shard file
   * registers; it is called once per file.
   */
  function Engine(load) {
    var self = this
    this.load = load
    this.files = new Map()
    this.manifest = this.file("manifest.js").then(function (manifest) {
      mark("manifest")
      self.table = traditionalTable(manifest.traditional)
      return manifest
    })
  }

  Engine.prototype.file = function (name) {
    if (!this.files.has(name)) this.files.set(name, this.load(name))
    return this.files.get(name)
  }

  /* The terms of a bucket, as an object term -> entry. */
  Engine.prototype.termShard = function (manifest, bucket) {
    return this.file("t" + bucket + "." + manifest.termShards[bucket] + ".js")
  }

  Engine.prototype.documents = function (manifest, numbers) {
    var self = this
    var shards = Array.from(
      new Set(
        numbers.map(function (number) {
          return Math.floor(number / manifest.docsPerShard)
        })
      )
    )
    return Promise.all(
      shards.map(function (shard) {
        return self.file("d" + shard + "." + manifest.docShards[shard] + ".js").then(function (docs) {
          return [shard, docs]
        })
      })
    ).then(function (loaded) {
      var byShard = new Map(loaded)
      var found = new Map()
      numbers.forEach(function (number) {
        var doc = byShard.get(Math.floor(number / manifest.docsPerShard))[number % manifest.docsPerShard]
        found.set(number, { location: doc[0], title: doc[1], kind: doc[2], fields: doc[3] })
      })
      return found
    })
  }

  /* Load the buckets of the given terms; resolve to a lookup term -> entry string or undefined. */
  Engine.prototype.lookup = function (manifest, terms) {
    var self = this
    var buckets = Array.from(
      new Set(
        terms.map(function (term) {
          return bucketOf(term, manifest.termShards.length)
        })
      )
    )
    return Promise.all(
      buckets.map(function (bucket) {
        return self.termShard(manifest, bucket)
      })
    ).then(function (shards) {
      var merged = new Map()
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (term) {
          merged.set(term, shard[term])
        })
      })
      return merged
    })
  }

  /*
   * The query's pieces: Han runs, numbers, Latin words, the pinyin key and the whole key.
   * Numbers are taken out before the Han runs are, so that the unit of 41047家 is no word.
   */
  function queryPieces(query, table) {
    var folded = fold(query, table)
    var numbers = []
    var rest = folded.replace(NUMBER, function (match, number, unit) {
      number = number.split(",").join("").replace(/\.$/, "")
      numbers.push(unit ? [number + unit, number] : [number])
      return " "
    })
    var han = rest.match(HAN_RUN) || []
    var latin = rest.match(LATIN) || []
    var letters = folded.replace(/[\s'’]+/g, "")
    var pinyin = /^[a-z]+$/.test(letters) && latin.length > 1 ? letters : null
    var key = folded.replace(NOT_KEY, "")
    return { folded: folded, key: key, han: han, numbers: numbers, latin: latin, pinyin: pinyin }
  }

  /* Every term a Han run may be cut into: its substrings of 2 to LONGEST_WORD characters. */
  function runCandidates(run) {
    var chars = Array.from(run)
    var found = []
    for (var i = 0; i < chars.length; i++)
      for (var size = 2; size <= LONGEST_WORD && i + size <= chars.length; size++)
        found.push(chars.slice(i, i + size).join(""))
    return found
  }

  /*
   * A run cut into the fewest terms of the index, single characters counting three times;
   * each piece is [term, isWord].
   */
  function segment(run, has) {
    var chars = Array.from(run)
    var best = [{ cost: 0, pieces: [] }]
    for (var end = 1; end <= chars.length; end++) {
      var choice = null
      for (var size = Math.min(LONGEST_WORD, end); size >= 1; size--) {
        var term = chars.slice(end - size, end).join("")
        var isWord = size > 1
        if (isWord && !has(term)) continue
        var before = best[end - size]
        var cost = before.cost + (isWord ? 1 : 3)
        if (choice === null || cost < choice.cost)
          choice = { cost: cost, pieces: before.pieces.concat([[term, isWord]]) }
      }
      best.push(choice)
    }
    return best[chars.length].pieces
  }

  /*
   * The query as groups of alternatives; a document matches a group by its best
   * alternative. Each group: {label, word, alternatives: [[term, factor]]}.
   */
  Engine.prototype.plan = function (manifest, query) {
    var self = this
    var pieces = queryPieces(query, this.table)
    var candidates = [pieces.key]
    pieces.han.forEach(function (run) {
      candidates = candidates.concat(runCandidates(run))
    })
    pieces.numbers.forEach(function (alternatives) {
      candidates = candidates.concat(alternatives)
    })
    candidates = candidates.concat(pieces.latin)
    if (pieces.pinyin) candidates.push(pieces.pinyin)
    candidates = candidates.filter(Boolean)
    return this.lookup(manifest, candidates).then(function (terms) {
      var groups = []
      var has = function (term) {
        return terms.has(term)
      }
      var singles = []
      pieces.han.forEach(function (run) {
        segment(run, has).forEach(function (piece) {
          if (piece[1]) groups.push({ label: piece[0], word: true, alternatives: [[piece[0], 1]] })
          else singles.push(piece[0])
        })
      })
      pieces.numbers.forEach(function (alternatives) {
        groups.push({
          label: alternatives[0],
          word: true,
          alternatives: alternatives.map(function (term, index) {
            return [term, index ? 0.6 : 1]
          }),
        })
      })
      var latinGroups = pieces.pinyin ? [pieces.pinyin] : pieces.latin
      latinGroups.forEach(function (word) {
        groups.push({ label: word, word: true, alternatives: [[word, 1]] })
      })
      var wholeIsPiece = groups.length === 1 && groups[0].label === pieces.key
      if (pieces.key && terms.has(pieces.key) && !wholeIsPiece)
        groups.push({ label: pieces.key, word: false, bonus: true, alternatives: [[pieces.key, 1]] })
      return { pieces: pieces, groups: groups, singles: singles, terms: terms }
    })
  }

  /* Postings of a group: doc -> best impact times factor, over its alternatives. */
  function groupPostings(group, terms, documents) {
    var result = new Map()
    var df = 0
    group.alternatives.forEach(function (alternative) {
      var term = alternative[0]
      var factor = alternative[1]
      var matching = []
      if (terms.has(term)) matching.push(terms.get(term))
      matching.forEach(function (entry) {
        var postings = decodePostings(entry)
        df = Math.max(df, postings.df)
        postings.docs.forEach(function (impact, doc) {
          var value = impact * factor
          if (!(result.get(doc) >= value)) result.set(doc, value)
        })
      })
    })
    var rarity = Math.log(1 + documents / (1 + df))
    return { docs: result, rarity: rarity }
  }

  /* Levenshtein's distance between two strings, by characters. */
  function editDistance(a, b) {
    var x = Array.from(a)
    var y = Array.from(b)
    var row = y.map(function (_, j) {
      return j + 1
    })
    row.unshift(0)
    for (var i = 1; i <= x.length; i++) {
      var diagonal = row[0]
      row[0] = i
      for (var j = 1; j <= y.length; j++) {
        var above = row[j]
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] === y[j - 1] ? 0 : 1))
        diagonal = above
      }
    }
    return row[y.length]
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (char) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[char]
    })
  }

  /*
   * Each character of a text folded on its own, one character for one: a character that
   * NFKC makes longer (… into ...) stays as it is, so positions match the text's.
   */
  function foldEach(text, table) {
    return Array.from(text).map(function (char) {
      var folded = fold(char, table)
      return Array.from(folded).length === 1 ? folded : char
    })
  }

  /* A text, escaped, with the given folded terms marked where they stand in it. */
  function markText(text, terms, table) {
    var chars = Array.from(text)
    var foldedChars = foldEach(text, table)
    var folded = foldedChars.join("")
    var marked = new Array(chars.length).fill(false)
    terms.forEach(function (term) {
        if (!term) return
        var termChars = Array.from(term)
        for (var start = folded.indexOf(term); start !== -1; start = folded.indexOf(term, start + 1)) {
          var from = Array.from(folded.slice(0, start)).length
          for (var i = 0; i < termChars.length; i++) marked[from + i] = true
        }
      })
    var html = ""
    var open = false
    chars.forEach(function (char, index) {
      if (marked[index] && !open) html += "<mark>"
      if (!marked[index] && open) html += "</mark>"
      open = marked[index]
      html += escapeHtml(char)
    })
    return open ? html + "</mark>" : html
  }

  /* A long text cut around the first term found in it, with an ellipsis where it was cut. */
  function around(text, terms, table) {
    var chars = Array.from(text)
    if (chars.length <= SNIPPET_CHARS) return text
    var start = 0
    var joined = foldEach(text, table).join("")
    var found = terms
      .map(function (term) {
        return term ? joined.indexOf(term) : -1
      })
      .filter(function (index) {
        return index !== -1
      })
    if (found.length)
      start = Math.max(0, Array.from(joined.slice(0, Math.min.apply(null, found))).length - 20)
    var end = Math.min(chars.length, start + SNIPPET_CHARS)
    return (start ? "…" : "") + chars.slice(start, end).join("") + (end < chars.length ? "…" : "")
  }

  /* The fields of a document that hold terms of the query, "label：text", marked. */
  function snippet(doc, terms, table) {
    // A field that only repeats the title (名称, 姓名) says nothing the title does not.
    var fields = doc.fields.filter(function (field) {
      return field[1] !== doc.title
    })
    var scored = fields
      .map(function (field, index) {
        var folded = fold(field[1], table)
        var hits = terms.filter(function (term) {
          return term && folded.indexOf(term) !== -1
        }).length
        return { field: field, hits: hits, index: index }
      })
      .filter(function (entry) {
        return entry.hits > 0
      })
      .sort(function (a, b) {
        return b.hits - a.hits || a.index - b.index
      })
      .slice(0, 2)
    if (!scored.length && fields.length) scored = [{ field: fields[0] }]
    return scored
      .map(function (entry) {
        return (
          '<span class="showcase-search-field"><b>' +
          escapeHtml(entry.field[0]) +
          "</b>：" +
          markText(around(entry.field[1], terms, table), terms, table) +
          "</span>"
        )
      })
      .join(" ｜ ")
  }

  /*
   * The answer to a query: {items, message}. Items in the shape of the worker's results;
   * message, when set, replaces the count line above the list.
   */
  Engine.prototype.search = function (query) {
    var self = this
    if (!query || !query.trim()) return Promise.resolve({ items: [], message: null })
    mark("query")
    return this.manifest.then(function (manifest) {
      return self.plan(manifest, query).then(function (plan) {
        mark("terms")
        return self.rank(manifest, query, plan)
      })
    })
  }

  Engine.prototype.rank = function (manifest, query, plan) {
    var self = this
    var scores = new Map()
    function entry(doc) {
      if (!scores.has(doc)) scores.set(doc, { doc: doc, words: 0, score: 0, chars: 0, matched: {} })
      return scores.get(doc)
    }
    plan.groups.forEach(function (group) {
      var postings = groupPostings(group, plan.terms, manifest.documents)
      postings.docs.forEach(function (impact, doc) {
        var scored = entry(doc)
        if (group.word) scored.words++
        scored.score += postings.rarity * impact * (group.bonus ? 2 : 1)
        scored.matched[group.label] = true
      })
    })
    var wordFound = scores.size > 0
    if (wordFound) return this.order(manifest, query, plan, scores, wordFound)
    // No word of the query is in the index: the names sharing most of its characters.
    return this.lookup(manifest, plan.singles).then(function (singles) {
      plan.singles.forEach(function (char) {
        var postings = groupPostings({ alternatives: [[char, 1]] }, singles, manifest.documents)
        postings.docs.forEach(function (impact, doc) {
          var scored = entry(doc)
          scored.chars++
          scored.score += postings.rarity * impact
          scored.matched[char] = true
        })
      })
      // At least half the characters of the query, as a name shares them.
      var needed = Math.max(1, Math.ceil(plan.singles.length / 2))
      scores.forEach(function (scored, doc) {
        if (scored.chars < needed) scores.delete(doc)
      })
      return self.order(manifest, query, plan, scores, wordFound)
    })
  }

  /* The ranked results, the best RERANK read with a bonus for the phrase, LIMIT listed. */
  Engine.prototype.order = function (manifest, query, plan, scores, wordFound) {
    var self = this
    var markTerms = wordFound
      ? plan.groups.map(function (group) {
          return group.label
        })
      : plan.singles
    var ranked = Array.from(scores.values()).sort(function (a, b) {
      return b.words - a.words || b.chars - a.chars || b.score - a.score || a.doc - b.doc
    })
    var top = ranked.slice(0, RERANK)
    var phrase = plan.pieces.key
    mark("ranked")
    return self.documents(manifest, top.map(function (scored) { return scored.doc })).then(function (docs) {
      mark("documents")
      top.forEach(function (scored) {
        var doc = docs.get(scored.doc)
        var texts = [doc.title].concat(doc.fields.map(function (field) { return field[1] }))
        var whole = texts.some(function (text) {
          return fold(text, self.table).replace(NOT_KEY, "").indexOf(phrase) !== -1
        })
        if (whole && plan.groups.length > 1) scored.score *= PHRASE_BONUS
        // A suggestion is the closer the fewer edits turn the query into its name.
        scored.distance = wordFound ? 0 : editDistance(phrase, fold(doc.title, self.table).replace(NOT_KEY, ""))
      })
      top.sort(function (a, b) {
        return (
          b.words - a.words ||
          b.chars - a.chars ||
          a.distance - b.distance ||
          b.score - a.score ||
          a.doc - b.doc
        )
      })
      var items = top.slice(0, LIMIT).map(function (scored) {
        var doc = docs.get(scored.doc)
        var terms = {}
        markTerms.forEach(function (term) {
          terms[term] = !!scored.matched[term]
        })
        var title = markText(doc.title, markTerms, self.table)
        if (doc.kind) title += ' <span class="showcase-search-kind">' + escapeHtml(doc.kind) + "</span>"
        return [
          {
            location: doc.location,
            title: title,
            text: snippet(doc, markTerms, self.table),
            score: scored.score,
            terms: terms,
          },
        ]
      })
      var message = null
      if (!wordFound) {
        message = MESSAGE_NO_WORD(query.trim()) + (items.length ? MESSAGE_CLOSEST : "")
        items.forEach(function (group) {
          group[0].terms = {}
        })
      }
      return { items: items, message: message, total: ranked.length }
    })
  }

  /* --- in the page ------------------------------------------------------------------- */

  /* Load shard files through <script> elements; each registers under its name. */
  function scriptLoader(base) {
    var waiting = new Map()
    globalThis[REGISTER] = function (name, data) {
      var resolve = waiting.get(name)
      if (resolve) resolve(data)
    }
    return function (file) {
      var name = file.split(".")[0]
      return new Promise(function (resolve, reject) {
        waiting.set(name, resolve)
        var script = document.createElement("script")
        script.src = base + file
        script.async = true
        script.onerror = function () {
          reject(new Error("search index: cannot load " + file))
        }
        document.head.appendChild(script)
      })
    }
  }

  function showState(value) {
    document.documentElement.setAttribute(STATE, value)
  }

  /*
   * The count line above the results says the answer's message instead, when it has one:
   * set before Material renders the answer, kept while Material rewrites the line.
   */
  function showMessage(message) {
    var meta = document.querySelector(".md-search-result__meta")
    if (!meta) return
    if (!meta.__showcaseObserver) {
      meta.__showcaseObserver = new MutationObserver(function () {
        if (meta.__showcaseMessage && meta.textContent !== meta.__showcaseMessage)
          meta.textContent = meta.__showcaseMessage
      })
      meta.__showcaseObserver.observe(meta, { childList: true, characterData: true, subtree: true })
    }
    meta.__showcaseMessage = message
  }

  /*
   * Material's search worker, never started: the page answers its messages. Material's
   * bundle creates it with `new Worker(url)` and talks to it through postMessage and
   * "message" events, and that is all this stands in for. Not starting it saves loading
   * and running its script (lunr, 40 KB; from file://, Material's offline shim runs it in
   * an iframe, on the page's own thread).
   */
  function idleWorker(engine) {
    var worker = new EventTarget()
    var asked = 0

    function answer(data) {
      setTimeout(function () {
        worker.dispatchEvent(new MessageEvent("message", { data: data }))
      })
    }

    worker.postMessage = function (message) {
      if (message && message.type === SETUP) {
        // Material's own index is not built: the engine answers.
        mark("setup")
        answer({ type: READY })
      } else if (message && message.type === QUERY && typeof message.data === "string") {
        var number = ++asked
        engine.search(message.data).then(
          function (result) {
            if (number !== asked) return
            mark("answer")
            showMessage(result.message)
            answer({ type: RESULT, data: { items: result.items } })
          },
          function () {
            showState("failed")
          }
        )
      }
    }
    worker.terminate = function () {}
    // Ready at once: Material sends SETUP only once it has fetched search_index.json (and
    // from file://, once the search box is opened), and sends no query before READY. It
    // waits for the first READY only, so the one answering SETUP changes nothing.
    answer({ type: READY })
    return worker
  }

  /* Let `new Worker(url)` give the idle worker for Material's search worker's script. */
  function install(scope, engine) {
    var Worker = scope.Worker
    function SearchAwareWorker(url, options) {
      if (SEARCH_WORKER.test(String(url))) return idleWorker(engine)
      return new Worker(url, options)
    }
    if (typeof Worker === "function") SearchAwareWorker.prototype = Worker.prototype
    scope.Worker = SearchAwareWorker
  }

  var api = {
    bucketOf: bucketOf,
    fold: fold,
    traditionalTable: traditionalTable,
    decodePostings: decodePostings,
    queryPieces: queryPieces,
    segment: segment,
    markText: markText,
    editDistance: editDistance,
    Engine: Engine,
  }
  if (typeof module === "object" && module.exports) {
    module.exports = api
    return
  }
  var script = document.currentScript
  // This script is at assets/javascripts/; the index is at search/showcase/.
  var base = new URL("../../search/showcase/", script ? script.src : location.href).href
  mark("start")
  var engine = new Engine(scriptLoader(base))
  showState("loading")
  engine.manifest.then(
    function () {
      showState("ready")
    },
    function () {
      showState("failed")
    }
  )
  install(globalThis, engine)
})()
