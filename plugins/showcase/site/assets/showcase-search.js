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
 * A query is folded (NFKC, lower case, traditional -> simplified with OpenCC's table: its
 * file is loaded only once a query or a result holds a character that the manifest marks
 * as traditional), then cut into terms:
 * - each run of Han characters into the words of the index that cover it with the fewest
 *   terms (the index holds jieba's words, the data's names and every two adjacent
 *   characters); a character no such term covers is looked up alone, as a last resort;
 * - numbers as printed (582.8万人次, then 582.8万人, 582.8万 and 582.8; 96.3% and 96.3);
 * - Latin letters as words, and the letters of the whole query without spaces as pinyin
 *   (kong xiang rui = kongxiangrui): full pinyin or initials of a name;
 * - the whole query without spaces and punctuation, when the index holds it: a name.
 * A page scores the sum over the query's terms of the term's rarity times its impact on
 * the page, and is ranked by how many of the query's words it holds, then by that score,
 * with a bonus when the query stands in one of its fields as typed (a phrase). A run of
 * the query that no word of the data covers, or several words that may stand apart, is
 * in the data only when a page read holds it whole (holding, then in full: readInFull,
 * from the text shards that hold what the document shards cut); otherwise it is said
 * absent, and never when a page listed holds it (ARCHITECTURE.md, "What absent means").
 * Single characters count only when no word of the query is in the index at all: then the
 * list says so plainly, and shows the names that share most characters with the query.
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
  var SUGGESTIONS = 10 // names suggested when no word of the query is in the data
  var RERANK = 20 // results whose documents are read for the phrase bonus
  var VERIFIED = 20 // pages read to tell whether a run of the query stands whole in one
  var TEXT_SHARD = "x" // the text shards: what the document shards store cut (search_shards.TEXT_SHARD)
  var LONGEST_WORD = 16
  var NUMBER = /(\d[\d,]*(?:\.\d+)?)([余多]?[万亿]?(?:%|‰|[人场户]次|[\u4e00-\u9fff])?)/gu
  var HAN_RUN = /\p{sc=Han}+/gu
  var HAN_WHOLE = /^\p{sc=Han}+$/u
  var LATIN = /[a-z][a-z0-9]*/g
  var NOT_KEY = /[^\p{L}\p{N}]+/gu
  var PHRASE_BONUS = 1.5
  var SNIPPET_CHARS = 120 // a longer text is cut around what matched
  var DATA_WORD = "!" // an entry of a word of the data (search_shards.DATA_WORD)
  // Pinyin keys tried for a run typed in homophones: the first of name_pinyin's order
  // (the most common readings), each a bucket of its own to load.
  var MAX_READINGS = 4
  var FULL_PINYIN_CHARS = 8 // names up to this long have full pinyin in the index
  var NAME_CHARS = 4 // the longest name of a person a query may mistype (欧阳修文)
  var SURNAME_DISTANCE = 1.5 // a mistyped surname, against 1 for another character
  // The least a bigram of a name or alias weighs (search_shards: ALIAS 6 × BIGRAM 4): a
  // suggestion shares the query's characters in its names, not in a title or a text.
  var NAME_BIGRAM = 24
  // A three-character name's characters two at a time in place, the third a gap (沈超阳:
  // 沈超_, 沈_阳, _超阳), are terms of its own page (search_shards.name_pairs): the names
  // one character from a query typed wrong, found by no bigram (沈浩阳 for 沈超阳) or not
  // among the pages read (雷娜晓's awards hold 雷娜 as much as its page does).
  var NAME_GAP = "_"
  var PAIRED_NAME_CHARS = 3
  var WHOLE_ALIAS = 180 // the least a term that is a whole name or alias weighs: ALIAS 6 × WORD 10 × WHOLE 3
  var PROXIMITY_BONUS = 1.5 // all the query's words in one field of the page
  // Particles a query may hold between its words (南开区的项目): no typo of a name.
  var FUNCTION_CHARS = /^[的地得和与及或在是了之等]$/u
  var MESSAGE_NO_WORD = function (query) {
    return "数据里没有“" + query + "”这个词。"
  }
  var MESSAGE_CLOSEST = "您是不是要找："
  // Runs of the query that only hand-written pages hold (a guide's example of an honour
  // no record holds): said so, and those pages listed.
  var MESSAGE_PAGES = function (runs) {
    return "没有记录含有“" + runs.join("”“") + "”；下面是提到它的页面："
  }
  var MESSAGE_OTHERS = function (absent, present) {
    return (
      "数据里没有“" + absent.join("”“") + "”这个词；下面是只按“" + present.join("”“") + "”找到的结果："
    )
  }
  var MARK = "showcase-search:"
  // Who holds a run of the query whole: no page, only hand-written pages, a page of the
  // data (a record or a listing).
  var HELD_BY_NONE = 0
  var HELD_BY_PAGE = 1
  var HELD_BY_DATA = 2
  var MARKED_BLOCK_START = 0x4e00 // search_shards.MARKED_BLOCK
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

  /*
   * The bucket of a term: FNV-1a of the UTF-16 code units of its key, as bucket_of(); a
   * prefix in `split` (the manifest's splitPrefixes) is lengthened, as bucket_key() does.
   */
  function bucketOf(term, buckets, split) {
    var chars = Array.from(term)
    var length = Math.min(chars.length, 3)
    while (split && length < chars.length && split.has(chars.slice(0, length).join(""))) length++
    var key = /^[a-z]+$/i.test(term) ? term : chars.slice(0, length).join("")
    if (chars.length === PAIRED_NAME_CHARS && term.indexOf(NAME_GAP) !== -1) key = pairKey(chars)
    var hash = 0x811c9dc5
    for (var i = 0; i < key.length; i++) {
      hash ^= key.charCodeAt(i)
      hash = Math.imul(hash, 0x01000193) >>> 0
    }
    return hash % buckets
  }

  /*
   * The bucket key of a name's pair (namePairs), as search_shards.bucket_key: the bigram
   * (沈超 of 沈超_, 超阳 of _超阳) or the surname (沈 of 沈_阳), whose buckets the query
   * loads anyway.
   */
  function pairKey(chars) {
    if (chars[1] === NAME_GAP) return chars[0]
    return chars
      .filter(function (char) {
        return char !== NAME_GAP
      })
      .join("")
  }

  /*
   * The manifest's marks of the traditional characters (search_shards.traditional_marks):
   * a bitmap of the CJK Unified block, and the table's characters outside it.
   */
  function traditionalMarks(manifest) {
    var text = atob(manifest.traditionalBits || "")
    var bits = new Uint8Array(text.length)
    for (var i = 0; i < text.length; i++) bits[i] = text.charCodeAt(i)
    return { bits: bits, others: new Set(Array.from(manifest.traditionalOthers || "")) }
  }

  /* Whether a text holds a character that the traditional table folds. */
  function holdsTraditional(text, marks) {
    return Array.from(text.normalize("NFKC")).some(function (char) {
      var offset = char.codePointAt(0) - MARKED_BLOCK_START
      if (offset >= 0 && offset < marks.bits.length * 8) return (marks.bits[offset >> 3] >> (offset & 7)) & 1
      return marks.others.has(char)
    })
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

  /* Whether a term's entry marks a word of the data ("!df|..."), not only a bigram. */
  function isDataWord(entry) {
    return typeof entry === "string" && entry.charAt(0) === DATA_WORD
  }

  /* A term's entry "[!]df|doc,impact;..." as {df, docs: Map(doc -> impact)}. */
  function decodePostings(entry) {
    if (isDataWord(entry)) entry = entry.slice(1)
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
    // Empty until a text needs it (tableFor): most queries are typed in simplified characters.
    this.table = new Map()
    this.manifest = this.file("manifest.js").then(function (manifest) {
      mark("manifest")
      self.marks = traditionalMarks(manifest)
      self.split = new Set(manifest.splitPrefixes || [])
      return manifest
    })
  }

  /*
   * Load the traditional table if one of the texts holds a character it folds; resolves
   * once self.table folds them all. Results' texts are checked too, so that a page ranks
   * and is marked the same whether or not an earlier query loaded the table.
   */
  Engine.prototype.tableFor = function (manifest, texts) {
    var self = this
    if (this.table.size) return Promise.resolve()
    var needed = texts.some(function (text) {
      return holdsTraditional(text, self.marks)
    })
    if (!needed) return Promise.resolve()
    return this.file("traditional." + manifest.traditional + ".js").then(function (pairs) {
      self.table = traditionalTable(pairs)
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
      var texts = []
      numbers.forEach(function (number) {
        var doc = byShard.get(Math.floor(number / manifest.docsPerShard))[number % manifest.docsPerShard]
        found.set(number, { location: doc[0], title: doc[1], kind: doc[2], fields: doc[3] })
        texts.push(doc[1])
        doc[3].forEach(function (field) {
          texts.push(field[1])
        })
      })
      return self.tableFor(manifest, texts).then(function () {
        return found
      })
    })
  }

  /* Load the buckets of the given terms; resolve to a lookup term -> entry string or undefined. */
  Engine.prototype.lookup = function (manifest, terms) {
    var self = this
    var buckets = Array.from(
      new Set(
        terms.map(function (term) {
          return bucketOf(term, manifest.termShards.length, self.split)
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
    var rest = folded.replace(NUMBER, function (match, number, suffix) {
      number = number.split(",").join("").replace(/\.$/, "")
      // As printed first (262.6万件), then shorter (262.6万), then bare: as numbers().
      var printed = Array.from(suffix).map(function (_, end, chars) {
        return number + chars.slice(0, chars.length - end).join("")
      })
      numbers.push(printed.concat([number]))
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
   * A run cut into the fewest terms of the index: a word of the data counts one, another
   * term (a bigram) two, a single character three, a particle (的) one. Each piece is [term, isTerm, isDataWord]
   * (isTerm: more than one character). Without isWord every term counts as a word.
   */
  function segment(run, has, isWord) {
    var chars = Array.from(run)
    var best = [{ cost: 0, pieces: [] }]
    for (var end = 1; end <= chars.length; end++) {
      var choice = null
      for (var size = Math.min(LONGEST_WORD, end); size >= 1; size--) {
        var term = chars.slice(end - size, end).join("")
        var isTerm = size > 1
        if (isTerm && !has(term)) continue
        var dataWord = isTerm && (!isWord || isWord(term))
        var before = best[end - size]
        var cost = before.cost + (dataWord || FUNCTION_CHARS.test(term) ? 1 : isTerm ? 2 : 3)
        if (choice === null || cost < choice.cost)
          choice = { cost: cost, pieces: before.pieces.concat([[term, isTerm, dataWord]]) }
      }
      best.push(choice)
    }
    return best[chars.length].pieces
  }

  /*
   * The terms of a run cut into the fewest (every term counting one, a word of a
   * hand-written page as much as a word of the data): those a page holding the run whole
   * holds, the longer the fewer pages. A text beyond what the bigrams come from (a
   * description, a long hand-written page) gives its words, not its bigrams.
   */
  function longestTerms(run, has) {
    return segment(run, has)
      .filter(function (piece) {
        return piece[1]
      })
      .map(function (piece) {
        return piece[0]
      })
  }

  /* Every two adjacent characters of a run. */
  function runBigrams(run) {
    var chars = Array.from(run)
    var found = []
    for (var i = 0; i + 1 < chars.length; i++) found.push(chars[i] + chars[i + 1])
    return found
  }

  /*
   * Whether a character alone in a run's cut stands next to its neighbour somewhere in the
   * data (班 of 劳模班: 模班 is a term), rather than in place of another (武 of 欧阳修武).
   */
  function boundInData(pieces, index, has) {
    var before = index > 0 ? Array.from(pieces[index - 1][0]).pop() : ""
    var after = index + 1 < pieces.length ? Array.from(pieces[index + 1][0])[0] : ""
    var char = pieces[index][0]
    return (before && has(before + char)) || (after && has(char + after))
  }

  /*
   * How a run of Han characters stands in the index, from its cut (segment):
   * - "words": words of the data cover it, and each character alone between them is a
   *   particle (的, 和) or stands next to its neighbour in the data (boundInData);
   * - "phrase": not so, but each two adjacent characters of it are a term (钢管公司 of
   *   天津钢管公司): the run is in the data if one page holds all of them (rank checks);
   * - "char": one character alone;
   * - "absent": no word of the data (a typo, a homophone, an honour no record holds).
   */
  function runStatus(run, pieces, has) {
    if (Array.from(run).length === 1) return "char"
    var words = 0
    var loose = false
    pieces.forEach(function (piece, index) {
      if (piece[2]) words++
      else if (piece[1]) loose = true
      else if (!FUNCTION_CHARS.test(piece[0]) && !boundInData(pieces, index, has)) loose = true
    })
    if (words && !loose && !mistypedName(run, pieces, has)) return "words"
    return runBigrams(run).every(has) ? "phrase" : "absent"
  }

  /*
   * Whether a run of a name's length that no name or word of the data is leaves a
   * character alone in its cut (吕 + 平华, where 平华 is another person's given name): a
   * name typed wrong, absent unless a page holds it whole (readInFull), then tried by its
   * sound and by the names one character away (scored).
   */
  function mistypedName(run, pieces, has) {
    return (
      Array.from(run).length <= NAME_CHARS &&
      !has(run) &&
      pieces.some(function (piece) {
        return !piece[1] && !FUNCTION_CHARS.test(piece[0])
      })
    )
  }

  /*
   * Whether a name typed wrong holds a word that is a whole name or alias of a page
   * (isName): then it is looked for in the pages of the data only (readInFull), not in the
   * text of a hand-written page (旧报纸 of a long page's last paragraph is read there).
   */
  function typedName(run, pieces, has, isName) {
    return (
      mistypedName(run, pieces, has) &&
      pieces.some(function (piece) {
        return piece[2] && isName(piece[0])
      })
    )
  }

  /*
   * The query as groups of alternatives; a document matches a group by its best
   * alternative. Each group: {label, word, alternatives: [[term, factor]]}, and `phrase`
   * (the index of its run in plan.phrases) for the bigrams of a phrase. The pieces the
   * data has no word for are in `absent`, the others in `present`; `weak` are the absent
   * runs, tried again in homophones; `singles` the characters of what was not found, for
   * the names that share them.
   */
  Engine.prototype.plan = function (manifest, query) {
    var pieces = queryPieces(query, this.table)
    // Each run whole too: a name longer than LONGEST_WORD is a term of its own.
    var candidates = [pieces.key].concat(pieces.han)
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
      var plan = {
        pieces: pieces,
        groups: [],
        phrases: [],
        compounds: [],
        unread: [],
        singles: [],
        absent: [],
        present: [],
        weak: [],
        heldBy: new Map(), // a run of the query -> who holds it whole (HELD_BY_*), where read
        seen: new Map(), // a run of the query -> the pages read that hold it whole
        terms: terms,
      }
      var has = function (term) {
        return terms.has(term)
      }
      var isWord = function (term) {
        return isDataWord(terms.get(term))
      }
      var isName = function (term) {
        var strongest = 0
        decodePostings(terms.get(term)).docs.forEach(function (impact) {
          strongest = Math.max(strongest, impact)
        })
        return strongest >= WHOLE_ALIAS
      }
      pieces.han.forEach(function (run) {
        var cut = segment(run, has, isWord)
        var status = runStatus(run, cut, has)
        if (status === "words") {
          plan.present.push(run)
          var words = cut.filter(function (piece) {
            return piece[2]
          })
          var index = plan.present.length - 1
          words.forEach(function (piece) {
            plan.groups.push({ label: piece[0], word: true, run: index, alternatives: [[piece[0], 1]] })
          })
          // A run of several words that is a term of its own (a long name): a page that
          // holds it holds them all.
          if (words.length > 1 && has(run) && run !== pieces.key)
            plan.groups.push({ label: run, word: false, whole: index, covers: words.length, alternatives: [[run, 1]] })
          // Several words (全国 技术 能手) that may stand apart in the data: order checks
          // that a page holds them together, unless the run is a term of its own.
          if (words.length > 1 && !has(run))
            plan.compounds.push({
              run: run,
              words: words.map(function (piece) {
                return piece[0]
              }),
            })
        } else if (status === "phrase") {
          var phrase = plan.phrases.length
          plan.phrases.push(run)
          runBigrams(run).forEach(function (bigram) {
            plan.groups.push({ label: bigram, word: true, phrase: phrase, alternatives: [[bigram, 1]] })
          })
          plan.unread.push({
            run: run,
            phrase: phrase,
            terms: longestTerms(run, has),
            typedName: typedName(run, cut, has, isName),
          })
        } else {
          if (status === "absent") plan.absent.push(run)
          if (status === "absent") plan.weak.push(run)
          if (status === "absent")
            plan.unread.push({ run: run, terms: longestTerms(run, has), typedName: typedName(run, cut, has, isName) })
          plan.singles = plan.singles.concat(Array.from(run))
        }
      })
      pieces.numbers.forEach(function (alternatives) {
        if (!alternatives.some(has)) return plan.absent.push(alternatives[0])
        plan.present.push(alternatives[0])
        plan.groups.push({
          label: alternatives[0],
          word: true,
          alternatives: alternatives.map(function (term, index) {
            return [term, index === 0 ? 1 : index < alternatives.length - 1 ? 0.8 : 0.6]
          }),
        })
      })
      var latinGroups = pieces.pinyin ? [pieces.pinyin] : pieces.latin
      latinGroups.forEach(function (word) {
        if (!has(word)) return plan.absent.push(word)
        plan.present.push(word)
        plan.groups.push({ label: word, word: true, alternatives: [[word, 1]] })
      })
      var wholeIsPiece = plan.groups.length === 1 && plan.groups[0].label === pieces.key
      if (pieces.key && has(pieces.key) && !wholeIsPiece)
        plan.groups.push({ label: pieces.key, word: false, bonus: true, alternatives: [[pieces.key, 1]] })
      plan.singles = Array.from(new Set(plan.singles))
      return plan
    })
  }

  /* A run's pinyin keys, from each character's readings; none for a longer name's run. */
  function pinyinKeys(run, readings) {
    var chars = Array.from(run)
    if (chars.length > FULL_PINYIN_CHARS) return []
    var keys = [""]
    for (var i = 0; i < chars.length; i++) {
      var options = readings.get(chars[i])
      if (!options) return []
      var next = []
      keys.forEach(function (key) {
        options.forEach(function (option) {
          if (next.length < MAX_READINGS) next.push(key + option)
        })
      })
      keys = next
    }
    return keys
  }

  /* The readings file [{syllable: characters}, ...] as character -> [syllables]. */
  function readingMap(tables) {
    var map = new Map()
    tables.forEach(function (table) {
      Object.keys(table).forEach(function (syllable) {
        Array.from(table[syllable]).forEach(function (char) {
          if (!map.has(char)) map.set(char, [])
          map.get(char).push(syllable)
        })
      })
    })
    return map
  }

  /*
   * Groups that find the names that sound like the given runs (孔翔瑞 -> kongxiangrui ->
   * 孔祥瑞): the readings file is loaded the first time a query needs it. Resolves to
   * {groups, terms}.
   */
  Engine.prototype.homophones = function (manifest, runs) {
    var self = this
    if (!runs.length || !manifest.readings) return Promise.resolve({ groups: [], terms: new Map() })
    if (!this.readingTable)
      this.readingTable = this.file("readings." + manifest.readings + ".js").then(readingMap)
    return this.readingTable.then(function (readings) {
      var keys = runs.map(function (run) {
        return pinyinKeys(run, readings)
      })
      var all = [].concat.apply([], keys)
      if (!all.length) return { groups: [], terms: new Map() }
      return self.lookup(manifest, all).then(function (terms) {
        var groups = []
        runs.forEach(function (run, index) {
          var found = keys[index].filter(function (key) {
            return terms.has(key)
          })
          if (found.length)
            groups.push({
              label: run,
              word: true,
              homophone: true,
              alternatives: found.map(function (key) {
                return [key, 1]
              }),
            })
        })
        return { groups: groups, terms: terms }
      })
    })
  }

  /*
   * A run of a three-character name's length as the terms of the names one character
   * from it (search_shards.name_pairs): each two of its characters in place, the third a
   * gap ({term: 沈_阳, held: [沈, 阳], gap: 1} for 沈超阳).
   */
  function namePairs(run) {
    var chars = Array.from(run)
    if (chars.length !== PAIRED_NAME_CHARS) return []
    return chars.map(function (_, gap) {
      var held = chars.slice()
      held.splice(gap, 1)
      var term = chars.slice()
      term[gap] = NAME_GAP
      return { term: term.join(""), held: held, gap: gap }
    })
  }

  /*
   * How pages rank before they are read: by `first`, then the characters of the query they
   * share, how surely they are a name one character away (near), and score.
   */
  function beforeReading(first) {
    return function (a, b) {
      return first(a, b) || b.chars - a.chars || b.near - a.near || b.score - a.score || a.doc - b.doc
    }
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

  /*
   * How far a name is from a query typed for it: the characters that differ in place when
   * the two are as long (沈超洋 and 沈超阳: 1), a first character (the surname, which
   * visitors know best) by half as much again; else one more than the edits between them,
   * so that a name one character away comes before a shorter or a longer one.
   */
  function nameDistance(query, name) {
    var x = Array.from(query)
    var y = Array.from(name)
    if (x.length !== y.length) return editDistance(query, name) + 1
    return x.reduce(function (distance, char, index) {
      if (char === y[index]) return distance
      return distance + (index === 0 ? SURNAME_DISTANCE : 1)
    }, 0)
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

  /*
   * A text, escaped, with the given folded terms marked where they stand in it; a term of
   * letters alone also where punctuation parts it (电力行业 in 电力（行业）).
   */
  function markText(text, terms, table) {
    var chars = Array.from(text)
    var foldedChars = foldEach(text, table)
    var folded = foldedChars.join("")
    var marked = new Array(chars.length).fill(false)
    // The letters and digits of the text, and where each stands in it.
    var keyAt = []
    foldedChars.forEach(function (char, index) {
      if (char.replace(NOT_KEY, "")) keyAt.push(index)
    })
    var key = keyAt
      .map(function (index) {
        return foldedChars[index]
      })
      .join("")
    terms.forEach(function (term) {
        if (!term) return
        var termChars = Array.from(term)
        for (var start = folded.indexOf(term); start !== -1; start = folded.indexOf(term, start + 1)) {
          var from = Array.from(folded.slice(0, start)).length
          for (var i = 0; i < termChars.length; i++) marked[from + i] = true
        }
        if (term.replace(NOT_KEY, "") !== term) return
        for (var at = key.indexOf(term); at !== -1; at = key.indexOf(term, at + 1)) {
          var first = Array.from(key.slice(0, at)).length
          for (var j = 0; j < termChars.length; j++) marked[keyAt[first + j]] = true
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
        var key = folded.replace(NOT_KEY, "")
        var hits = terms.filter(function (term) {
          return term && (folded.indexOf(term) !== -1 || key.indexOf(term) !== -1)
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
      return self
        .tableFor(manifest, [query])
        .then(function () {
          return self.plan(manifest, query)
        })
        .then(function (plan) {
          mark("terms")
          return self.rank(manifest, query, plan)
        })
    })
  }

  /*
   * The pages found, scored. A phrase run (see runStatus) no page holds whole becomes
   * absent. Pages are scored over the groups of the words found, and over the homophones
   * of the absent runs; when no word of the query is found, the names that share at least
   * half the characters of what was not found, and the pages that hold it as one term
   * (written on a hand-written page only), are the suggestions, ranked below the names
   * that sound the same.
   */
  Engine.prototype.rank = function (manifest, query, plan) {
    var self = this
    var postings = plan.groups.map(function (group) {
      return groupPostings(group, plan.terms, manifest.documents)
    })
    // A phrase, and a run of several words, is in the data when a page holds it whole.
    var runs = plan.phrases.concat(
      plan.compounds.map(function (compound) {
        return compound.run
      })
    )
    var holders = runs.map(function (run) {
      return bigramHolders(run, plan.terms)
    })
    var holds = []
    return this.holding(manifest, runs, holders, plan.seen)
      .then(function (held) {
        holds = held
        plan.compounds.forEach(function (compound, index) {
          compound.held = holds[plan.phrases.length + index]
        })
        // A run that no word of the data covers and the stored texts did not confirm is
        // read in full, in the pages that hold all the fewest terms that cut it. (A
        // compound is, in order, if the results read do not hold it.)
        var unread = plan.unread.filter(function (item) {
          return item.terms.length && (item.phrase === undefined || holds[item.phrase] !== HELD_BY_DATA)
        })
        return self.readInFull(manifest, unread, plan.terms, plan.seen).then(function (read) {
          return unread.filter(function (item, index) {
            item.held = read[index]
            if (item.phrase === undefined || !holds[item.phrase]) return read[index]
            // A phrase a hand-written page holds: read again only to learn whether a
            // record holds it too (beyond what its document stores).
            holds[item.phrase] = Math.max(holds[item.phrase], read[index])
            return false
          })
        })
      })
      .then(function (readWhole) {
        return self.keepHeld(manifest, query, plan, postings, holds, readWhole)
      })
  }

  /*
   * The plan once it is known which runs pages hold whole: holds by the stored texts
   * (holding), readWhole by the full texts (readInFull). A phrase or a run of no word of
   * the data that a page holds whole is found by its terms; one held nowhere is absent.
   */
  Engine.prototype.keepHeld = function (manifest, query, plan, postings, holds, readWhole) {
    var self = this
    var fullRuns = readWhole
    var isFull = function (run) {
      return fullRuns.some(function (item) {
        return item.run === run
      })
    }
    plan.phrases.forEach(function (run, phrase) {
      if (holds[phrase]) {
        plan.heldBy.set(run, holds[phrase])
        return plan.present.push(run)
      }
      if (isFull(run)) return
      plan.absent.push(run)
      plan.weak.push(run)
      plan.singles = Array.from(new Set(plan.singles.concat(Array.from(run))))
    })
    var notFull = function (run) {
      return !isFull(run)
    }
    plan.absent = plan.absent.filter(notFull)
    plan.weak = plan.weak.filter(notFull)
    var kept = []
    plan.groups.forEach(function (group, index) {
      if (group.phrase !== undefined && !holds[group.phrase]) return
      kept.push([group, postings[index]])
    })
    fullRuns.forEach(function (item) {
      plan.heldBy.set(item.run, item.held)
      plan.present.push(item.run)
      var index = plan.present.length - 1
      item.terms.forEach(function (term) {
        var group = { label: term, word: true, run: index, alternatives: [[term, 1]] }
        plan.groups.push(group)
        kept.push([group, groupPostings(group, plan.terms, manifest.documents)])
      })
    })
    plan.groups = kept.map(function (pair) {
      return pair[0]
    })
    return self.scored(manifest, query, plan, kept)
  }

  /* The pages that hold every two adjacent characters of a run: doc -> their summed impact. */
  function bigramHolders(run, terms) {
    return termHolders(runBigrams(run), terms)
  }

  /* The pages that hold every one of the terms (`wanted`): doc -> their summed impact. */
  function termHolders(wanted, terms) {
    var held = new Map()
    if (!wanted.length || !wanted.every(function (term) { return terms.has(term) })) return held
    wanted.forEach(function (term, index) {
      var next = new Map()
      decodePostings(terms.get(term)).docs.forEach(function (impact, doc) {
        if (index === 0 || held.has(doc)) next.set(doc, (held.get(doc) || 0) + impact)
      })
      held = next
    })
    return held
  }

  /* The VERIFIED pages of `held` (doc -> weight) with the most weight. */
  function strongest(held) {
    return Array.from(held.keys())
      .sort(function (a, b) {
        return held.get(b) - held.get(a) || a - b
      })
      .slice(0, VERIFIED)
  }

  /*
   * Whether some page holds each run ({run, terms}) whole in its full text: read in the
   * VERIFIED pages that hold all its terms with the most weight, their stored texts first,
   * then what their text shards hold beyond (a description cut at 60 characters, a
   * hand-written page beyond its first 2,000), loaded only for the runs still unconfirmed.
   */
  Engine.prototype.readInFull = function (manifest, items, terms, seen) {
    var runs = items.map(function (item) {
      return item.run
    })
    var chosen = items.map(function (item) {
      var characters = Array.from(item.run).filter(function (char) {
        return terms.has(char)
      })
      var holders = termHolders(listed(item.terms, terms), terms)
      // A name typed wrong is looked for in the pages of the data: a hand-written page
      // beyond what its document stores (数字汇总's 160 KB at 10,000 records) is the
      // site's text, and the notice speaks of the data.
      if (item.typedName)
        holders.forEach(function (_, doc) {
          if (isHandwritten(manifest, doc)) holders.delete(doc)
        })
      return densestShards(holders, termHolders(characters, terms), manifest.docsPerShard)
    })
    return this.read(manifest, runs, chosen, true, seen)
  }

  /*
   * The terms whose every page the index lists, or all when none is: a frequent term keeps
   * only its strongest postings (search_shards.MAX_POSTINGS), and a description's words
   * are its weakest, so 重视 and 职工 at 10,000 records do not list the page whose
   * description holds 曹芳峰重视职工; 曹芳峰 does.
   */
  function listed(wanted, terms) {
    var complete = wanted.filter(function (term) {
      var postings = terms.has(term) && decodePostings(terms.get(term))
      return postings && postings.docs.size === postings.df
    })
    return complete.length ? complete : wanted
  }

  /*
   * The pages of `held` in the VERIFIED document shards that hold the most of them: a
   * shard read is read whole, so a run whose words are common (公司 and 热心) is looked
   * for in hundreds of pages for the bytes of twenty shards. Half of them, those with the
   * most pages that also hold the run's single characters where these are terms (雪 of a
   * name, for 雪组织), when some do: the character may as well stand in another word
   * (建 of 静海区建筑业).
   */
  function densestShards(held, withCharacters, perShard) {
    var shards = new Map()
    held.forEach(function (_, doc) {
      var shard = Math.floor(doc / perShard)
      var counts = shards.get(shard) || { shard: shard, named: 0, pages: 0 }
      counts.pages++
      if (withCharacters.has(doc)) counts.named++
      shards.set(shard, counts)
    })
    var all = Array.from(shards.values())
    var named = all
      .filter(function (counts) {
        return counts.named
      })
      .sort(function (a, b) {
        return b.named - a.named || a.shard - b.shard
      })
      .slice(0, VERIFIED / 2)
    var dense = all.sort(function (a, b) {
      return b.pages - a.pages || a.shard - b.shard
    })
    var chosen = new Set(
      named
        .concat(dense)
        .map(function (counts) {
          return counts.shard
        })
        .filter(function (shard, index, shards) {
          return shards.indexOf(shard) === index
        })
        .slice(0, VERIFIED)
    )
    return Array.from(held.keys()).filter(function (doc) {
      return chosen.has(Math.floor(doc / perShard))
    })
  }

  /*
   * The whole texts of the fields the document shards store cut, for the given documents
   * (`docs`: their stored documents): number -> [text], each a stored field and its rest.
   */
  Engine.prototype.fullTexts = function (manifest, numbers, docs) {
    var self = this
    var perShard = manifest.docsPerShard
    var shards = Array.from(
      new Set(
        numbers.map(function (number) {
          return Math.floor(number / perShard)
        })
      )
    )
    return Promise.all(
      shards.map(function (shard) {
        return self.file(TEXT_SHARD + shard + "." + manifest.docShards[shard] + ".js").then(function (rests) {
          return [shard, rests]
        })
      })
    ).then(function (loaded) {
      var byShard = new Map(loaded)
      var found = new Map()
      numbers.forEach(function (number) {
        var fields = docs.get(number).fields
        var rests = byShard.get(Math.floor(number / perShard))[number % perShard]
        found.set(
          number,
          rests.map(function (rest) {
            return fields[rest[0]][1] + rest[1]
          })
        )
      })
      return found
    })
  }

  /* Whether a document holds a folded key in its title or one of its stored fields. */
  function holdsKey(doc, key, table) {
    return [doc.title]
      .concat(
        doc.fields.map(function (field) {
          return field[1]
        })
      )
      .some(function (text) {
        return fold(text, table).replace(NOT_KEY, "").indexOf(key) !== -1
      })
  }

  /*
   * Whether some page holds each run whole: read in the VERIFIED pages that hold all its
   * bigrams with the most weight (holders[i], doc -> weight). Bigrams alone do not tell:
   * a page with 全国劳动模范 and 五一劳动奖章 holds every bigram of 全国劳动奖章. The
   * pages whose bigrams are terms store the text they come from (names, short facts, the
   * hand-written pages' text), so what is read is what was cut.
   */
  Engine.prototype.holding = function (manifest, runs, holders, seen) {
    return this.read(manifest, runs, holders.map(strongest), false, seen)
  }

  /*
   * Whether a page of chosen[i] holds runs[i] whole in its title or a stored field, and,
   * inFull, in what its text shard holds beyond (loaded only for the runs not found so).
   */
  Engine.prototype.read = function (manifest, runs, chosen, inFull, seen) {
    var self = this
    var keys = runs.map(function (run) {
      return fold(run, self.table).replace(NOT_KEY, "")
    })
    var numbers = Array.from(new Set([].concat.apply([], chosen)))
    if (!numbers.length)
      return Promise.resolve(
        runs.map(function () {
          return HELD_BY_NONE
        })
      )
    return this.documents(manifest, numbers).then(function (docs) {
      // Who among the pages of chosen[index] holds runs[index], by what holds(number) says.
      // The pages found holding it are noted in `seen` (run -> Set of pages), if given.
      var holder = function (index, holds) {
        return chosen[index].reduce(function (best, number) {
          if (!holds(number)) return best
          if (seen) {
            if (!seen.has(runs[index])) seen.set(runs[index], new Set())
            seen.get(runs[index]).add(number)
          }
          return Math.max(best, isHandwritten(manifest, number) ? HELD_BY_PAGE : HELD_BY_DATA)
        }, HELD_BY_NONE)
      }
      var held = runs.map(function (run, index) {
        return holder(index, function (number) {
          return holdsKey(docs.get(number), keys[index], self.table)
        })
      })
      // Read on where no page of the data holds the run yet; the pages of the data only,
      // where a hand-written one does.
      var unread = Array.from(
        new Set(
          [].concat.apply(
            [],
            chosen.map(function (numbers, index) {
              if (held[index] === HELD_BY_DATA) return []
              return numbers.filter(function (number) {
                return !held[index] || !isHandwritten(manifest, number)
              })
            })
          )
        )
      )
      if (!inFull || !unread.length) return held
      return self.fullTexts(manifest, unread, docs).then(function (texts) {
        return held.map(function (already, index) {
          if (already === HELD_BY_DATA) return already
          var inText = holder(index, function (number) {
            return (texts.get(number) || []).some(function (text) {
              return fold(text, self.table).replace(NOT_KEY, "").indexOf(keys[index]) !== -1
            })
          })
          return Math.max(already, inText)
        })
      })
    })
  }

  /* Whether a document (its number) is a hand-written page's: the site's text, not the data's. */
  function isHandwritten(manifest, number) {
    if (!manifest.pageSet) manifest.pageSet = new Set(manifest.pages || [])
    return manifest.pageSet.has(number)
  }

  /*
   * The pages scored over the groups kept (pairs [group, postings]), with the homophones of
   * the absent runs; when no word was found, the names that share the characters.
   */
  Engine.prototype.scored = function (manifest, query, plan, kept) {
    var self = this
    return this.homophones(manifest, plan.weak).then(function (sounds) {
      sounds.terms.forEach(function (entry, term) {
        plan.terms.set(term, entry)
      })
      sounds.groups.forEach(function (group) {
        kept.push([group, groupPostings(group, plan.terms, manifest.documents)])
      })
      var scores = new Map()
      var entry = function (doc) {
        if (!scores.has(doc))
          scores.set(doc, {
            doc: doc,
            words: 0,
            runs: {},
            wholeRuns: {},
            homophones: 0,
            found: false,
            score: 0,
            chars: 0,
            near: 0,
            matched: {},
          })
        return scores.get(doc)
      }
      kept.forEach(function (pair) {
        var group = pair[0]
        pair[1].docs.forEach(function (impact, doc) {
          var scored = entry(doc)
          if (group.word && group.run === undefined) scored.words++
          if (group.word && group.run !== undefined) scored.runs[group.run] = (scored.runs[group.run] || 0) + 1
          if (group.covers) scored.wholeRuns[group.whole] = group.covers
          if (group.homophone) scored.homophones++
          else if (!group.bonus) scored.found = true
          scored.score += pair[1].rarity * impact * (group.bonus ? 2 : 1)
          scored.matched[group.label] = true
        })
      })
      // A page that holds the whole query as one term (a name longer than a word the
      // query is cut into) holds all its words.
      var wordGroups = kept.filter(function (pair) {
        return pair[0].word
      }).length
      var whole = plan.groups.some(function (group) {
        return group.bonus
      })
      scores.forEach(function (scored) {
        // A run held whole counts as all its words, once.
        Object.keys(scored.runs)
          .concat(Object.keys(scored.wholeRuns))
          .filter(function (run, index, all) {
            return all.indexOf(run) === index
          })
          .forEach(function (run) {
            scored.words += scored.wholeRuns[run] || scored.runs[run]
          })
        if (whole && scored.matched[plan.pieces.key]) scored.words = Math.max(scored.words, wordGroups)
      })
      var wordFound = Array.from(scores.values()).some(function (scored) {
        return scored.found
      })
      if (wordFound || !plan.singles.length) return self.order(manifest, query, plan, scores, wordFound)
      // No word of the query is found: the names sharing most of its characters, alone
      // or two together (a bigram of what was not found: at scale a common character
      // keeps only its strongest postings, and 沈超阳 may not be among those of 阳).
      var bigrams = [].concat.apply([], plan.weak.map(runBigrams)).filter(function (bigram) {
        return plan.terms.has(bigram)
      })
      // And the names one character away, by two of its characters in place (namePairs).
      var pairs = [].concat.apply([], plan.weak.map(namePairs))
      var pairTerms = pairs.map(function (pair) {
        return pair.term
      })
      return self.lookup(manifest, plan.singles.concat(pairTerms)).then(function (singles) {
        var chars = new Map()
        // `near`: how surely a page is a name one character away, known before it is read:
        // 2 with the surname kept, 1 with the surname typed wrong, 0 not known to be.
        var hold = function (term, terms, held, least, near) {
          var found = groupPostings({ alternatives: [[term, 1]] }, terms, manifest.documents)
          found.docs.forEach(function (impact, doc) {
            if (impact < least) return
            var scored = chars.get(doc) || { held: new Set(), score: 0, near: 0 }
            held.forEach(function (char) {
              scored.held.add(char)
            })
            scored.score += found.rarity * impact
            scored.near = Math.max(scored.near, near)
            chars.set(doc, scored)
          })
        }
        plan.singles.forEach(function (char) {
          hold(char, singles, [char], 0, 0) // single characters are terms of names only
        })
        bigrams.forEach(function (bigram) {
          hold(bigram, plan.terms, Array.from(bigram), NAME_BIGRAM, 0)
        })
        pairs.forEach(function (pair) {
          hold(pair.term, singles, pair.held, NAME_BIGRAM, pair.gap === 0 ? 1 : 2)
        })
        // At least half the characters of the query, as a name shares them.
        var needed = Math.max(1, Math.ceil(plan.singles.length / 2))
        chars.forEach(function (found, doc) {
          if (found.held.size < needed) return
          var scored = entry(doc)
          scored.chars = found.held.size
          scored.near = found.near
          scored.score += found.score
        })
        return self.order(manifest, query, plan, scores, wordFound)
      })
    })
  }

  /* How a page found by no word of the query ranks as a suggestion: lower is better. */
  function suggestionTier(scored) {
    if (scored.homophones) return 0 // sounds like the query
    if (scored.chars) return 1 // shares half its characters
    return 2 // holds it on a hand-written page, or as a bigram
  }

  /* Whether every label stands in the text (folded, without spaces and punctuation). */
  function holdsAll(text, labels) {
    return labels.every(function (label) {
      return text.indexOf(label) !== -1
    })
  }

  /*
   * The ranked results, the best RERANK read again: a bonus when the query stands whole in
   * one of the page's texts (a phrase), when all its words stand in one of its fields
   * (proximity), and the more the closer its title is to the query; a page whose title
   * holds all the words first. LIMIT listed, or SUGGESTIONS when no word was found.
   */
  Engine.prototype.order = function (manifest, query, plan, scores, wordFound) {
    var self = this
    var markTerms = wordFound
      ? plan.groups
          .filter(function (group) {
            return !group.homophone
          })
          .map(function (group) {
            return group.label
          })
      : plan.singles
    var byWords = function (a, b) {
      return b.words - a.words || a.homophones - b.homophones
    }
    var first = wordFound
      ? byWords
      : function (a, b) {
          return suggestionTier(a) - suggestionTier(b)
        }
    var ranked = Array.from(scores.values()).sort(beforeReading(first))
    var top = ranked.slice(0, RERANK)
    var phrase = plan.pieces.key
    mark("ranked")
    var words = plan.groups
      .filter(function (group) {
        return group.word && !group.homophone
      })
      .map(function (group) {
        return group.label
      })
    var key = function (text) {
      return fold(text, self.table).replace(NOT_KEY, "")
    }
    var found = plan.present.map(key).filter(Boolean)
    return self.documents(manifest, top.map(function (scored) { return scored.doc })).then(function (docs) {
      mark("documents")
      // A run of several words that no page read holds together is no word of the data
      // either (全国技术能手 where only 全国, 技术 and 能手 are): said so, its words listed.
      // Fields are read as stored (cut at 60 characters), titles whole.
      var texts = top.map(function (scored) {
        var doc = docs.get(scored.doc)
        return [key(doc.title)].concat(
          doc.fields.map(function (field) {
            return key(field[1])
          })
        )
      })
      // Who among the pages read holds what `holds` (their texts) says: HELD_BY_*.
      var heldIn = function (holds) {
        return top.reduce(function (best, scored, index) {
          if (!holds(texts[index])) return best
          return Math.max(best, isHandwritten(manifest, scored.doc) ? HELD_BY_PAGE : HELD_BY_DATA)
        }, HELD_BY_NONE)
      }
      var heldBy = new Map(plan.heldBy)
      var present = plan.present.slice()
      // The list never contradicts its notice: a run that a page read holds whole (in
      // text the index has no word or bigram of) is not said absent.
      var absent = plan.absent.filter(function (run) {
        var whole = key(run)
        var shown =
          HAN_WHOLE.test(run) &&
          heldIn(function (list) {
            return list.some(function (text) {
              return text.indexOf(whole) !== -1
            })
          })
        if (shown) {
          present.push(run)
          heldBy.set(run, shown)
        }
        return !shown
      })
      // Held whole in a page that holds its bigrams (holding), or in a text read here, or
      // its words all in one title (袁淑娟劳模创新工作室 for 袁淑娟工作室): a name the
      // visitor shortened. Else read in full (readInFull): a run of a description.
      // Read in full also when only a hand-written page holds it: a record may too.
      var unconfirmed = plan.compounds.filter(function (compound) {
        var run = key(compound.run)
        compound.held = Math.max(
          compound.held || HELD_BY_NONE,
          heldIn(function (list) {
            return (
              holdsAll(list[0], compound.words) ||
              list.some(function (text) {
                return text.indexOf(run) !== -1
              })
            )
          })
        )
        return wordFound && compound.held !== HELD_BY_DATA
      })
      var toRead = unconfirmed.map(function (compound) {
        return { run: compound.run, terms: compound.words }
      })
      return self.readInFull(manifest, toRead, plan.terms, plan.seen).then(function (read) {
        unconfirmed.forEach(function (compound, index) {
          compound.held = Math.max(compound.held, read[index])
        })
        plan.compounds.forEach(function (compound) {
          if (compound.held) heldBy.set(compound.run, compound.held)
        })
        var absentWords = []
        if (wordFound)
          plan.compounds.forEach(function (compound) {
            if (compound.held) return
            absent.push(compound.run)
            absentWords = absentWords.concat(compound.words)
            present.splice(present.indexOf(compound.run), 1)
          })
        // Listed by the words of the absent run only when nothing else of the query was found.
        var othersFound = present.length > 0
        if (!othersFound) present = absentWords
        words = words.filter(function (word) {
          return absentWords.indexOf(word) === -1
        })
        // The words of a run found absent so do not rank: the page holding the other words
        // comes before the one that holds only its parts, though these were the first
        // read (苏兵勇 before the awards that hold 全国, 技术 and 能手): ranked again.
        absentWords.forEach(function (word) {
          ranked.forEach(function (scored) {
            if (scored.matched[word]) scored.words--
          })
        })
        var reranked =
          absentWords.length && othersFound ? self.rerank(manifest, ranked, docs, first) : Promise.resolve(top)
        return reranked.then(function (reread) {
          top = reread
          top.forEach(function (scored) {
            var doc = docs.get(scored.doc)
            var title = key(doc.title)
            var texts = [title].concat(
              doc.fields.map(function (field) {
                return key(field[1])
              })
            )
            var whole = texts.some(function (text) {
              return text.indexOf(phrase) !== -1
            })
            if (whole && plan.groups.length > 1) scored.score *= PHRASE_BONUS
            // Several words: a page that holds them all in its title (袁淑娟 and 工作室 in
            // 袁淑娟劳模创新工作室) comes first, then one that holds them in one field.
            scored.titled = words.length > 1 && holdsAll(title, words) ? 1 : 0
            if (!scored.titled && words.length > 1 && texts.some(function (text) { return holdsAll(text, words) }))
              scored.score *= PROXIMITY_BONUS
            // Of two titles that hold what was found of the query, the one it fills more
            // (天津眼科医院 before 天津眼科医院白内障中心 for 眼科医院).
            var filled = 0
            found.forEach(function (piece) {
              if (title.indexOf(piece) !== -1) filled += Array.from(piece).length
            })
            if (filled) scored.score *= 1 + Math.min(1, filled / Array.from(title).length)
            // A suggestion is the closer the fewer characters differ from its name; one
            // character away, as long, first (张峰辉 for 张峰红), then by the characters
            // shared (天津海鸥手表集团公司 for 海欧手表 before 装配车间, as long).
            scored.distance = wordFound ? 0 : nameDistance(phrase, title)
            scored.oneAway = scored.distance > 0 && scored.distance <= SURNAME_DISTANCE ? 1 : 0
          })
          top.sort(function (a, b) {
            return (
              first(a, b) ||
              b.titled - a.titled ||
              b.oneAway - a.oneAway ||
              b.chars - a.chars ||
              a.distance - b.distance ||
              b.score - a.score ||
              a.doc - b.doc
            )
          })
          var listed = top.slice(0, wordFound ? LIMIT : SUGGESTIONS)
          var items = listed.map(function (scored) {
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
          // No word found, yet a page read holds what was not found whole: no notice either.
          var heldAfterAll = !wordFound && plan.absent.length && !absent.length
          // What only hand-written pages hold, when nothing else of the query was found: a
          // run they hold whole, or words no page of the data among the results holds
          // when the results are all there is (a hand-written page's title, 投稿指南).
          var onlyPages = ranked.length <= top.length && top.every(function (scored) {
            return isHandwritten(manifest, scored.doc)
          })
          var pageOnly = present.filter(function (run) {
            return heldBy.get(run) === HELD_BY_PAGE || (onlyPages && !heldBy.has(run))
          })
          if (!wordFound && !heldAfterAll) {
            message = MESSAGE_NO_WORD(query.trim()) + (items.length ? MESSAGE_CLOSEST : "")
            items.forEach(function (group) {
              group[0].terms = {}
            })
          } else if (items.length && pageOnly.length && pageOnly.length === present.length) {
            message =
              (absent.length ? "数据里没有“" + absent.join("”“") + "”这个词；" : "") + MESSAGE_PAGES(pageOnly)
            // The pages that mention it (where their stored text shows it, those), not
            // the records that share a part of it.
            var runKeys = pageOnly.map(key)
            var pages = listed.filter(function (scored) {
              return isHandwritten(manifest, scored.doc)
            })
            var mentioning = pages.filter(function (scored) {
              var doc = docs.get(scored.doc)
              var seenHolding = pageOnly.some(function (run) {
                return plan.seen.has(run) && plan.seen.get(run).has(scored.doc)
              })
              if (seenHolding) return true
              return [doc.title]
                .concat(
                  doc.fields.map(function (field) {
                    return field[1]
                  })
                )
                .some(function (text) {
                  return runKeys.some(function (run) {
                    return key(text).indexOf(run) !== -1
                  })
                })
            })
            var kept = mentioning.length ? mentioning : pages
            items = items.filter(function (_, index) {
              return kept.indexOf(listed[index]) !== -1
            })
          } else if (absent.length) {
            message = MESSAGE_OTHERS(absent, present)
          }
          return { items: items, message: message, total: ranked.length }
        })
      })
    })
  }

  /*
   * The RERANK best of `ranked` (sorted again by `first`, then score), their documents
   * loaded into `docs` where they are not yet: resolves to them.
   */
  Engine.prototype.rerank = function (manifest, ranked, docs, first) {
    ranked.sort(beforeReading(first))
    var top = ranked.slice(0, RERANK)
    var unread = top
      .map(function (scored) {
        return scored.doc
      })
      .filter(function (doc) {
        return !docs.has(doc)
      })
    if (!unread.length) return Promise.resolve(top)
    return this.documents(manifest, unread).then(function (more) {
      more.forEach(function (doc, number) {
        docs.set(number, doc)
      })
      return top
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
    traditionalMarks: traditionalMarks,
    holdsTraditional: holdsTraditional,
    decodePostings: decodePostings,
    queryPieces: queryPieces,
    segment: segment,
    pinyinKeys: pinyinKeys,
    readingMap: readingMap,
    markText: markText,
    editDistance: editDistance,
    nameDistance: nameDistance,
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
