// docgen: a candidate ticked "Dipilih" on stage 3 fills a chosen destination at once, and an
// unticked one takes away the row it filled here. Without this file the server does the same
// on saving (docgen/carry.py), so this only shows it sooner.
(function () {
  "use strict";
  var list = document.getElementById("f-destination-destinations");
  var candidates = document.getElementById("f-destination-candidates");
  if (!list || !candidates) {
    return;
  }

  function value(row, field) {
    var input = row.querySelector("[name$='." + field + "']");
    return input ? input.value.trim() : "";
  }

  function set(row, field, text) {
    var input = row.querySelector("[name$='." + field + "']");
    if (input && !input.value.trim()) {
      input.value = text;
    }
  }

  function destinations() {
    var box = list.querySelector("[data-rows]");
    return box ? Array.prototype.filter.call(box.children, function (el) {
      return el.hasAttribute("data-row");
    }) : [];
  }

  function named(name) {
    var key = name.toLowerCase();
    return destinations().filter(function (row) {
      return value(row, "institution").toLowerCase() === key;
    })[0];
  }

  candidates.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches("input[type=checkbox][name$='.chosen']")) {
      return;
    }
    var candidate = box.closest("[data-row]");
    var name = candidate ? value(candidate, "institution") : "";
    if (!name) {
      return;
    }
    var same = named(name);
    if (box.checked) {
      if (same) {
        return;
      }
      var target = destinations().filter(function (row) {
        return row.hasAttribute("data-new-row") && !value(row, "institution");
      })[0];
      if (!target) {
        var add = list.querySelector(":scope > [data-add-row]");
        if (!add) {
          return;
        }
        add.click();
        var rows = destinations();
        target = rows[rows.length - 1];
      }
      set(target, "institution", name);
      set(target, "province", value(candidate, "region"));
      set(target, "country", value(candidate, "country") || "Indonesia");
      target.setAttribute("data-from-candidate", name.toLowerCase());
      box.focus();
    } else if (same && same.getAttribute("data-from-candidate") === name.toLowerCase()) {
      var remove = same.querySelector("[data-remove-row]");
      if (remove) {
        remove.click();
      }
      box.focus();
    }
  });
}());
