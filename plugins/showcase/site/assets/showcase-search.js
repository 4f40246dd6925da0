/*
 * Chinese queries for Material's search box: cut the query the way the index was cut.
 *
 * Why, and what the index holds, is told in showcase/search_terms.py. This script runs in
 * <head>, before Material's bundle creates its search worker, and wraps the messages of
 * that worker: it keeps the index that Material hands the worker (SETUP), rewrites each
 * query (QUERY) before the worker sees it, and takes the whole-name term out of each
 * result (RESULT), where Material would list it as "missing" on every result that does not
 * carry the name. Material's search box, its ranking and its result list stay as they are.
 * Nothing is fetched.
 *
 * Quick answers while the worker builds its index. Material's worker answers nothing until
 * its lunr index holds every page, and that takes seconds on a large site (3 s for 10,000
 * records on a desktop, far longer on a phone). So the page tells Material's search box that
 * the worker is ready as soon as the index has arrived, and answers each query itself until
 * the worker really is: the pages that hold every term of the query, the owners of a name
 * or alias first, then pages with the terms in their title. When the worker is ready, the
 * last query is asked again there and its result replaces the quick one; from then on the
 * worker answers everything. <html data-showcase-search> says which one answers: "quick",
 * then "full". Should the worker never get ready (it failed to load), quick answers go on.
 *
 * A query becomes plain terms of Material's query syntax:
 * - each piece between spaces and punctuation, split where Han characters meet others
 *   (the index splits there too), and each run of Han characters cut into the longest words
 *   of the index, from the left; Material adds the trailing * to each (a prefix search);
 * - if the whole query, as a search key, is a record's name or alias, that key ended by
 *   settings.nameEnd and boosted: only the pages that carry that name match it.
 * Every character of a term is escaped with a backslash: Material cuts each run of Han
 * characters in a query again, badly, but leaves a single character alone, and the query
 * parser of its lunr drops the backslashes before it looks the term up.
 */
;(function (settings) {
  "use strict"

  // Message types of Material's search worker (integrations/search/worker/message).
  var SETUP = 0
  var READY = 1
  var QUERY = 2
  var RESULT = 3

  var NOT_KEY = /[^\p{L}\p{N}\p{M}]+/gu
  var RUNS = /\p{sc=Han}+|\P{sc=Han}+/gu
  var HAN_WORDS = /\p{sc=Han}{2,}/gu
  // Where a term is not to be marked in a title or text: tags and character references.
  var MARKUP = /(<[^>]*>|&#?\w+;)/
  var STATE = "data-showcase-search"

  /* The form a name is matched in; the same as search_key() in search_terms.py. */
  function searchKey(text) {
    return text.normalize("NFKC").toLowerCase().replace(NOT_KEY, "")
  }

  /* The words and names of an index: what queries are cut into and checked against. */
  function buildLexicon(docs, separator) {
    var split = new RegExp(separator)
    // No separator holds a Han character, so each run of them is one word of the index
    // (Material wraps every word in separators; a tag may still touch one, "工会</p>", as
    // the worker's own extract() takes tags apart later), and the text need not be split.
    var separatorHasNoHan = !/\p{sc=Han}/u.test(separator)
    var words = new Set()
    var names = new Set()
    var longest = 1
    function addWords(text) {
      ;(text.match(HAN_WORDS) || []).forEach(function (word) {
        if (words.has(word)) return
        words.add(word)
        longest = Math.max(longest, Array.from(word).length)
      })
    }
    docs.forEach(function (doc) {
      ;[doc.title, doc.text].forEach(function (value) {
        if (typeof value !== "string") return
        if (separatorHasNoHan) addWords(value)
        else value.split(split).forEach(addWords)
      })
      nameTerms(doc[settings.namesField])
        .concat(nameTerms(doc[settings.aliasesField]))
        .forEach(function (term) {
          if (term) names.add(term)
        })
    })
    return { words: words, names: names, longest: longest }
  }

  /* A run of Han characters cut into the longest words of the lexicon, from the left. */
  function segment(run, lexicon) {
    var chars = Array.from(run)
    var words = []
    for (var i = 0; i < chars.length; ) {
      var size = Math.min(lexicon.longest, chars.length - i)
      while (size > 1 && !lexicon.words.has(chars.slice(i, i + size).join(""))) size--
      words.push(chars.slice(i, i + size).join(""))
      i += size
    }
    return words
  }

  /* The terms of a query, each a word of the index or a run of other characters. */
  function queryTerms(query, lexicon) {
    var terms = []
    query
      .normalize("NFKC")
      .toLowerCase()
      .split(NOT_KEY)
      .forEach(function (piece) {
        ;(piece.match(RUNS) || []).forEach(function (run) {
          if (/^\p{sc=Han}/u.test(run)) terms.push.apply(terms, segment(run, lexicon))
          else terms.push(run)
        })
      })
    return Array.from(new Set(terms))
  }

  function escapeTerm(term) {
    return Array.from(term)
      .map(function (char) {
        return "\\" + char
      })
      .join("")
  }

  /* The query Material's worker gets instead of what was typed. */
  function rewriteQuery(query, lexicon) {
    var key = searchKey(query)
    if (!key) return query
    var clauses = queryTerms(query, lexicon).map(escapeTerm)
    if (lexicon.names.has(key))
      clauses.unshift(escapeTerm(key + settings.nameEnd) + "^" + settings.exactBoost)
    return clauses.join(" ")
  }

  /* The terms of a field, each ended by settings.nameEnd, as search keys. */
  function nameTerms(value) {
    if (typeof value !== "string") return []
    return value.split(" ").map(function (term) {
      return term.split(settings.nameEnd).join("")
    })
  }

  /* The text of a field, without its tags and character references, in lower case. */
  function plainText(value) {
    if (typeof value !== "string") return ""
    return value.split(MARKUP).filter(function (part, index) {
      return index % 2 === 0
    }).join(" ").toLowerCase()
  }

  /*
   * Whether a page holds every term in the given fields, as text and not as markup (a query
   * for "amp" or "a" must not find every &amp; and <a>). The raw fields are looked at first:
   * a page without the term there has not got it at all, and most pages are out then.
   * Terms are in lower case; `cased` says whether any has letters with a case at all.
   */
  function holdsAll(doc, fields, terms, cased) {
    var raw = fields.map(function (field) {
      var value = typeof doc[field] === "string" ? doc[field] : ""
      return cased ? value.toLowerCase() : value
    }).join("\n")
    var candidate = terms.every(function (term) {
      return raw.indexOf(term) !== -1
    })
    if (!candidate) return false
    var plain = fields.map(function (field) {
      return plainText(doc[field])
    }).join("\n")
    return terms.every(function (term) {
      return plain.indexOf(term) !== -1
    })
  }

  /* A field with each term wrapped in <mark>, outside tags and character references. */
  function mark(value, terms) {
    if (typeof value !== "string" || !terms.length) return value
    var pattern = new RegExp(
      terms
        .slice()
        .sort(function (a, b) {
          return b.length - a.length
        })
        .map(function (term) {
          return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
        })
        .join("|"),
      "giu"
    )
    return value
      .split(MARKUP)
      .map(function (part, index) {
        return index % 2 ? part : part.replace(pattern, "<mark>$&</mark>")
      })
      .join("")
  }

  /*
   * A result in the shape of the worker's, for the pages that hold every term of a query.
   * Ranked: the owners of the whole query as a name, then as an alias, then pages with every
   * term in the title, then the rest; within each, record pages (they carry a names field)
   * before listings and totals, in the order of the index. A page's sections go with the
   * page, as the worker groups them.
   */
  function quickResult(query, docs, lexicon) {
    var key = searchKey(query)
    var terms = key ? queryTerms(query, lexicon) : []
    if (!terms.length) return { items: [] }
    var cased = terms.some(function (term) {
      return term.toUpperCase() !== term
    })
    var ranked = [[], [], [], [], [], [], [], []]
    docs.forEach(function (doc) {
      if (!holdsAll(doc, ["title", "text"], terms, cased)) return
      var rank = 3
      if (nameTerms(doc[settings.namesField]).indexOf(key) !== -1) rank = 0
      else if (nameTerms(doc[settings.aliasesField]).indexOf(key) !== -1) rank = 1
      else if (holdsAll(doc, ["title"], terms, cased)) rank = 2
      ranked[2 * rank + (typeof doc[settings.namesField] === "string" ? 0 : 1)].push(doc)
    })
    var groups = new Map()
    var found = [].concat.apply([], ranked)
    found.forEach(function (doc, position) {
      var article = doc.location.split("#")[0]
      var item = {
        location: doc.location,
        title: mark(doc.title, terms),
        text: mark(doc.text, terms),
        score: found.length - position,
        terms: {},
      }
      if (Array.isArray(doc.tags)) item.tags = doc.tags.slice()
      terms.forEach(function (term) {
        item.terms[term] = true
      })
      if (!groups.has(article)) groups.set(article, [])
      groups.get(article).push(item)
    })
    // Every group holds its page, as the worker's do, even when only a section matched.
    var pages = null
    groups.forEach(function (items, article) {
      if (items.some(function (item) { return item.location === article })) return
      pages = pages || new Map(docs.map(function (doc) { return [doc.location, doc] }))
      var page = pages.get(article)
      if (page)
        items.push({ location: page.location, title: page.title, text: page.text, score: 0, terms: {} })
    })
    return { items: Array.from(groups.values()) }
  }

  /* A result message without the whole-name term among each item's query terms. */
  function withoutNameTerm(data) {
    if (!data || data.type !== RESULT || !data.data || !Array.isArray(data.data.items))
      return data
    var items = data.data.items.map(function (group) {
      return group.map(function (item) {
        var terms = {}
        Object.keys(item.terms || {}).forEach(function (term) {
          if (term.indexOf(settings.nameEnd) === -1) terms[term] = item.terms[term]
        })
        return Object.assign({}, item, { terms: terms })
      })
    })
    return { type: data.type, data: Object.assign({}, data.data, { items: items }) }
  }

  /* Wrap the messages to and from the workers this page will create. */
  function install(Worker) {
    if (typeof Worker !== "function" || typeof Worker.prototype.postMessage !== "function")
      return
    var proto = Worker.prototype
    var post = proto.postMessage
    var listen = proto.addEventListener
    var unlisten = proto.removeEventListener
    var wrapped = new WeakMap()
    var states = new WeakMap()
    var ours = new WeakSet()

    function showState(value) {
      if (typeof document === "object") document.documentElement.setAttribute(STATE, value)
    }

    /* A message to the listeners of a worker, as if the worker had sent it; later, not now. */
    function answer(worker, data) {
      setTimeout(function () {
        var event = new MessageEvent("message", { data: data })
        ours.add(event)
        worker.dispatchEvent(event)
      })
    }

    function lexiconOf(state) {
      state.lexicon = state.lexicon || buildLexicon(state.docs, state.separator)
      return state.lexicon
    }

    /* The worker's own ready message: from now on it answers; ask it the last query again. */
    function onWorkerMessage(event) {
      var state = states.get(this)
      if (!state || ours.has(event) || !event.data || event.data.type !== READY) return
      state.workerReady = true
      showState("full")
      if (state.lastQuery !== null) {
        var rewritten = rewriteQuery(state.lastQuery, lexiconOf(state))
        post.call(this, { type: QUERY, data: rewritten })
      }
    }

    proto.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments)
      if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
        var state = {
          docs: message.data.docs,
          separator: message.data.config.separator,
          lexicon: null,
          workerReady: false,
          lastQuery: null,
        }
        if (!states.has(this)) listen.call(this, "message", onWorkerMessage)
        states.set(this, state)
        showState("quick")
        answer(this, { type: READY })
      } else if (message && message.type === QUERY && typeof message.data === "string") {
        var current = states.get(this)
        if (current && !current.workerReady) {
          current.lastQuery = message.data
          answer(this, { type: RESULT, data: quickResult(message.data, current.docs, lexiconOf(current)) })
          return undefined
        }
        if (current) args[0] = { type: message.type, data: rewriteQuery(message.data, lexiconOf(current)) }
      }
      return post.apply(this, args)
    }

    // Material listens with addEventListener (rxjs fromEvent), and removes the same function.
    // The worker's own ready message is kept from it: it had ours, when the index arrived.
    function receiver(listener) {
      if (typeof listener !== "function") return listener
      if (!wrapped.has(listener))
        wrapped.set(listener, function (event) {
          if (!ours.has(event) && event.data && event.data.type === READY && states.has(this))
            return undefined
          var data = withoutNameTerm(event.data)
          if (data !== event.data) event = new MessageEvent(event.type, { data: data })
          return listener.call(this, event)
        })
      return wrapped.get(listener)
    }
    proto.addEventListener = function (type, listener) {
      var args = Array.prototype.slice.call(arguments)
      if (type === "message") args[1] = receiver(listener)
      return listen.apply(this, args)
    }
    proto.removeEventListener = function (type, listener) {
      var args = Array.prototype.slice.call(arguments)
      if (type === "message" && wrapped.has(listener)) args[1] = wrapped.get(listener)
      return unlisten.apply(this, args)
    }
  }

  var api = {
    settings: settings,
    searchKey: searchKey,
    buildLexicon: buildLexicon,
    segment: segment,
    queryTerms: queryTerms,
    rewriteQuery: rewriteQuery,
    quickResult: quickResult,
    withoutNameTerm: withoutNameTerm,
  }
  if (typeof module === "object" && module.exports) module.exports = api
  else install(globalThis.Worker)
})({
  // The same as NAME_END, NAMES_FIELD and ALIASES_FIELD in search_terms.py (a test checks).
  nameEnd: "\u200d",
  namesField: "names",
  aliasesField: "aliases",
  // Weight of the whole-name term against the cut words, each weighing 1.
  exactBoost: 100,
})
