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
  var QUERY = 2
  var RESULT = 3

  var NOT_KEY = /[^\p{L}\p{N}\p{M}]+/gu
  var RUNS = /\p{sc=Han}+|\P{sc=Han}+/gu
  var HAN_WORDS = /\p{sc=Han}{2,}/gu

  /* The form a name is matched in; the same as search_key() in search_terms.py. */
  function searchKey(text) {
    return text.normalize("NFKC").toLowerCase().replace(NOT_KEY, "")
  }

  /* The words and names of an index: what queries are cut into and checked against. */
  function buildLexicon(docs, separator) {
    var split = new RegExp(separator)
    var words = new Set()
    var names = new Set()
    var longest = 1
    docs.forEach(function (doc) {
      ;[doc.title, doc.text].forEach(function (value) {
        if (typeof value !== "string") return
        // Material wraps each word of Han characters in separators; a tag may still
        // touch one ("工会</p>"), as the worker's own extract() takes tags apart later.
        value.split(split).forEach(function (token) {
          ;(token.match(HAN_WORDS) || []).forEach(function (word) {
            words.add(word)
            longest = Math.max(longest, Array.from(word).length)
          })
        })
      })
      ;[doc[settings.namesField], doc[settings.aliasesField]].forEach(function (value) {
        if (typeof value !== "string") return
        value.split(" ").forEach(function (term) {
          if (term) names.add(term.split(settings.nameEnd).join(""))
        })
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
    var docs = []
    var separator = "[\\s]+"
    var lexicon = null

    proto.postMessage = function (message) {
      var args = Array.prototype.slice.call(arguments)
      if (message && message.type === SETUP && message.data && Array.isArray(message.data.docs)) {
        docs = message.data.docs
        separator = message.data.config.separator
        lexicon = null
      } else if (message && message.type === QUERY && typeof message.data === "string") {
        lexicon = lexicon || buildLexicon(docs, separator)
        args[0] = { type: message.type, data: rewriteQuery(message.data, lexicon) }
      }
      return post.apply(this, args)
    }

    // Material listens with addEventListener (rxjs fromEvent), and removes the same function.
    function receiver(listener) {
      if (typeof listener !== "function") return listener
      if (!wrapped.has(listener))
        wrapped.set(listener, function (event) {
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
