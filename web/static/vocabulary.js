// The template vocabulary page: narrow the list as one types, and copy a tag with a button.
// Without this file the search box submits to the server (?q=) and the tags can be
// selected and copied by hand.
(function () {
  "use strict";
  var form = document.querySelector("[data-vocab-search]");
  var input = document.getElementById("vocab-q");
  var count = document.getElementById("vocab-count");
  var none = document.querySelector("[data-vocab-none]");
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-vocab-row]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-vocab-section]"));

  var howTo = document.querySelector("[data-vocab-howto]");

  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (howTo && words.length) {
      howTo.open = false;  // the matches come first, not the examples
    }
    var shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var head = "";
      var section = row.closest("[data-vocab-section]");
      if (section) {
        head = (section.querySelector("h2") || {}).textContent || "";
      }
      var hay = head.toLowerCase() + " " + text;
      var match = words.every(function (w) { return hay.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match && section) {
        shown += 1;
      }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("[data-vocab-row]:not([hidden])");
    });
    if (count) {
      count.textContent = count.getAttribute("data-count-template")
        .replace("{count}", String(shown));
    }
    if (none) {
      none.hidden = shown > 0;
    }
  }

  if (form && input) {
    input.addEventListener("input", filter);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
    });
    if (input.value) {
      filter();
    }
  }

  var status = document.querySelector("[data-copy-status]");

  function copied(button, tag) {
    var label = button.textContent;
    button.textContent = "✓";
    window.setTimeout(function () { button.textContent = label; }, 1500);
    if (status) {
      status.textContent = status.getAttribute("data-copied").replace("{tag}", tag);
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand("copy");
    } catch (e) {
      ok = false;
    }
    area.remove();
    return ok;
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy");
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, text); },
          function () { if (fallbackCopy(text)) { copied(button, text); } });
      } else if (fallbackCopy(text)) {
        copied(button, text);
      }
    });
  });
})();
