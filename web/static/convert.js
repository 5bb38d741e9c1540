// The "being made" page of a PDF or page images: each conversion asked for every second
// (the page works without this: it refreshes itself); when all have ended, the page's own
// address again, which now shows the pages or sends the file.
(function () {
  "use strict";
  var box = document.getElementById("converting");
  if (!box) { return; }
  var urls = (box.getAttribute("data-status-urls") || "").split(" ").filter(Boolean);
  var again = box.getAttribute("data-again");
  var state = document.getElementById("converting-state");
  var finished = {};

  function poll() {
    var open = urls.filter(function (url) { return !finished[url]; });
    if (!open.length) {
      window.location.assign(again);
      if (box.getAttribute("data-download") === "1") {
        state.textContent = box.getAttribute("data-ready-text");
      }
      return;
    }
    Promise.all(open.map(function (url) {
      return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && data.done) { finished[url] = true; } });
    })).then(function () { window.setTimeout(poll, 1000); })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
}());
