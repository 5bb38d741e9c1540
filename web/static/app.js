// docgen: small progressive touches; every page works without this file.
(function () {
  "use strict";
  // After a form comes back with errors, move focus to the summary so that screen readers
  // announce it and keyboard users start from the list of links to the fields.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
