// The Pagefind API the search page's UI talks to (PagefindUI imports bundlePath + "pagefind.js", and
// search.js gives it this file's prefix). It is Pagefind's own API over the years' bundles, plus the
// delta: the notice pages edited since their year's bundle was made are in a small bundle of their
// own (pagefind/delta/), and pagefind/delta.json lists the year bundles' pages it replaces or that
// are gone ("hidden": Pagefind page id → its filter values). Those are taken out of the results and
// of the filter counts, so a search finds a notice as it is now, once (generator/outputs/search.py).
// A year of many notices is indexed in parts: the first keeps the year's name (the page lists it
// with the other years), delta.json lists the further ones ("parts"), merged here.
const element = document.getElementById("search");
const pagefind = await import(element.getAttribute("data-bundle") + "pagefind.js");
const deltaUrl = new URL(element.getAttribute("data-delta"), window.location.href);
const delta = await fetch(deltaUrl).then((r) => (r.ok ? r.json() : null), () => null) || {};
const hidden = delta.hidden || {};
const anyHidden = Object.keys(hidden).length > 0;
let deltaMerged = false;

// Counts less the filter values of the hidden pages given (each page once); values that only
// hidden pages have are left out, as a build from nothing does not know them.
function lessCounts(counts, pages, gone) {
  if (!counts) return counts;
  const out = {};
  for (const [name, values] of Object.entries(counts)) out[name] = Object.assign({}, values);
  for (const id of pages) {
    for (const [name, values] of Object.entries(hidden[id] || {})) {
      for (const value of values) {
        if (out[name] && typeof out[name][value] === "number") out[name][value] -= 1;
      }
    }
  }
  for (const [name, values] of Object.entries(gone || {})) {
    for (const value of values) if (out[name]) delete out[name][value];
    if (out[name] && Object.keys(out[name]).length === 0) delete out[name];
  }
  return out;
}

// The filter values no page but hidden ones has: {name: [value, …]}, worked out once.
let goneValues = null;
async function gone() {
  if (!goneValues) {
    goneValues = pagefind.filters().then((all) => {
      const left = lessCounts(all, Object.keys(hidden), null);
      const out = {};
      for (const [name, values] of Object.entries(left || {})) {
        const none = Object.keys(values).filter((value) => values[value] <= 0);
        if (none.length) out[name] = none;
      }
      return out;
    });
  }
  return goneValues;
}

// The results without one copy of each hidden page (a page changed outside its indexed text is
// the same in its year's bundle and in the delta: one of the two alike copies goes).
function withoutHidden(results) {
  const left = new Set(Object.keys(hidden));
  const dropped = [];
  const kept = results.filter((result) => {
    if (!left.has(result.id)) return true;
    left.delete(result.id);
    dropped.push(result.id);
    return false;
  });
  return [kept, dropped];
}

async function corrected(response, term, options) {
  if (!response || !anyHidden) return response;
  const [results, dropped] = withoutHidden(response.results);
  const none = await gone();
  const out = Object.assign({}, response, { results: results, filters: lessCounts(response.filters, dropped, none) });
  const filtered = options && options.filters && Object.keys(options.filters).length > 0;
  let unfiltered = dropped;
  if (filtered) {  // which hidden pages the search matched without its filters: a second search says
    const all = await pagefind.search(term, Object.assign({}, options, { filters: {} }));
    unfiltered = withoutHidden(all.results)[1];
  }
  out.totalFilters = lessCounts(response.totalFilters, unfiltered, none);
  if (typeof response.unfilteredResultCount === "number") {
    out.unfilteredResultCount = response.unfilteredResultCount - unfiltered.length;
  }
  return out;
}

export async function options(settings) {
  await pagefind.options(settings);
  if (!deltaMerged) {
    deltaMerged = true;
    for (const part of delta.parts || []) {
      await pagefind.mergeIndex(new URL(part, deltaUrl).pathname, { baseUrl: "/" });
    }
    if (delta.bundle) await pagefind.mergeIndex(new URL(delta.bundle, deltaUrl).pathname, { baseUrl: "/" });
  }
}
// Filter values in one order, whatever the bundles and the order they were merged in (Pagefind lists
// a value where it first met it): the order of code points, as each bundle's own filter files.
function ordered(counts) {
  if (!counts) return counts;
  const out = {};
  for (const [name, values] of Object.entries(counts)) {
    out[name] = {};
    for (const value of Object.keys(values).sort()) out[name][value] = values[value];
  }
  return out;
}

function tidy(response) {
  if (!response) return response;
  return Object.assign({}, response, { filters: ordered(response.filters), totalFilters: ordered(response.totalFilters) });
}

export const mergeIndex = (path, settings) => pagefind.mergeIndex(path, settings);
export const init = () => pagefind.init();
export const destroy = () => pagefind.destroy();
export const preload = (term, settings) => pagefind.preload(term, settings);
export async function filters() {
  if (!anyHidden) return ordered(await pagefind.filters());
  return ordered(lessCounts(await pagefind.filters(), Object.keys(hidden), await gone()));
}
export async function search(term, settings) {
  return tidy(await corrected(await pagefind.search(term, settings), term, settings));
}
export async function debouncedSearch(term, settings, wait) {
  return tidy(await corrected(await pagefind.debouncedSearch(term, settings, wait), term, settings));
}
