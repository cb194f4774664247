// The /search/ page: Pagefind's UI, started with the query from the header form (?q=…). Each
// year's notices have their own index, edited notices a small one of their own (the delta, see
// static/search-pagefind.js); the UI searches them together.
// The index holds each Chinese character, punctuation mark and symbol as a word of its own (see
// generator/outputs/search.py), so a query is set apart the same way, and a Chinese one becomes a
// phrase of characters ("大 篷 车"): results contain exactly that text. Excerpts and headings come
// back set apart; the spaces next to Chinese characters and punctuation are taken out.
(function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  var han = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var apart = new RegExp("[" + han + "]|[^\\s0-9A-Za-z]");  // a character the index sets apart
  // a space between two characters (tags such as <mark> may sit on either side of it)
  var between = /([^\s>])((?:<[^>]+>)*)\s+((?:<[^>]+>)*)(?=([^\s<]))/g;
  var hanPair = new RegExp("[" + han + "]{2}");
  var oneApart = new RegExp("[" + han + "]|[^\\s0-9A-Za-z]", "g");

  function unspace(text) {
    if (typeof text !== "string") return text;
    return text.replace(between, function (all, before, open, close, after) {
      return apart.test(before) || apart.test(after) ? before + open + close : all;
    });
  }

  // An excerpt is a run of the body's text, cut between characters: said with … at a cut. Pagefind
  // joins blocks with ". ", which in Chinese text reads as a stray full stop: a space instead.
  function excerpt(text) {
    if (typeof text !== "string") return text;
    text = unspace(text).replace(new RegExp("([" + han + "\u3000-\u303f\uff00-\uffef])((?:<[^>]+>)*)\\. ", "g"), "$1$2 ").trim();
    return text ? "…" + text + "…" : text;
  }

  function setApart(word) {
    return word.replace(oneApart, " $& ").trim().replace(/\s+/g, " ");
  }

  // Each typed word set apart as the index is; a single word with Chinese in it (two characters
  // side by side) is searched as a phrase, so the results contain exactly that text.
  function phrase(term) {
    var words = term.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return term;
    var apartWords = words.map(setApart);
    return words.length === 1 && hanPair.test(words[0]) ? '"' + apartWords[0] + '"' : apartWords.join(" ");
  }

  var ui = new PagefindUI({
    element: "#search",
    // PagefindUI imports bundlePath + "pagefind.js": static/search-pagefind.js, which loads the newest
    // year's bundle (data-bundle) and the delta of pages edited since their year was indexed
    bundlePath: element.getAttribute("data-api"),
    mergeIndex: (element.getAttribute("data-merge") || "").split(" ").filter(Boolean).map(function (path) {
      return { bundlePath: path, baseUrl: "/" };  // each earlier year's
    }),
    baseUrl: "/",  // the indexed URLs already carry the site's base path
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    processTerm: phrase,
    excerptLength: 60,  // words, and each Chinese character is one: about a line and a half
    processResult: function (result) {
      result.excerpt = excerpt(result.excerpt);
      // result.meta.title comes from an attribute, which the indexed copy leaves as written
      (result.sub_results || []).forEach(function (sub) {
        sub.title = unspace(sub.title);
        sub.excerpt = excerpt(sub.excerpt);
      });
      return result;
    },
    translations: { placeholder: "输入关键词，如 食品安全、学会、科普大篷车" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  var box = document.getElementById("site-search-q");  // the header's search box says what was searched
  if (query && box) box.value = query;
  if (query) ui.triggerSearch(query);
})();
