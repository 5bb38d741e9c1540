// The record page while its PDF/A is made in the background: where it stands asked every
// two seconds; when it is no longer being made, the page is shown again (with the PDF/A, or
// why it failed). Without JavaScript the page says "sedang dibuat" and can be reloaded.
(function () {
  "use strict";
  var box = document.getElementById("record-pdf");
  var url = box && box.getAttribute("data-status-url");
  if (!url) { return; }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.state !== "pending") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
}());
