// The batch page: its progress asked for every second (the page works without this: it
// refreshes itself), the download link and the rows refused shown when the batch ends.
(function () {
  "use strict";
  var box = document.getElementById("batch-job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("batch-progress");
  var count = document.getElementById("batch-count");
  var finished = box.getAttribute("data-finished") === "1";

  function update(data) {
    bar.max = data.total || 1;
    bar.value = data.made;
    bar.textContent = data.percent + "%";
    count.textContent = data.made + " / " + data.total;
    if (data.done && !finished) {
      window.location.reload();  // the download link and the messages come from the server
    }
    return data.done;
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && !update(data)) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
}());
