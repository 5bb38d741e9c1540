// docgen: small progressive touches; every page works without this file.
(function () {
  "use strict";
  // After a form comes back with errors, move focus to the summary so that screen readers
  // announce it and keyboard users start from the list of links to the fields (on the
  // budget page, the list of the workbook's errors by cell).
  var summary = document.getElementById("error-summary") ||
    document.getElementById("check-errors");
  if (summary) {
    summary.focus();
  }

  // Repeatable rows (a stage's team, agenda, aims ...). Without JavaScript every list ends
  // with one empty row, and "Remove" posts the form naming the row. With it, rows are added
  // from the list's <template> and removed in the page; the server renumbers on saving.
  function own(list, selector) {
    return Array.prototype.filter.call(list.querySelectorAll(selector), function (el) {
      return el.closest("[data-list]") === list;
    });
  }

  function rowsOf(list) {
    var box = own(list, "[data-rows]")[0];
    return box ? Array.prototype.filter.call(box.children, function (el) {
      return el.hasAttribute("data-row");
    }) : [];
  }

  function renumber(list) {
    var rows = rowsOf(list);
    rows.forEach(function (row, i) {
      row.querySelectorAll("[data-row-number]").forEach(function (el) {
        if (el.closest("[data-row]") === row) {
          el.textContent = String(i + 1);
        }
      });
    });
    own(list, "[data-empty-note]").forEach(function (note) {
      note.hidden = rows.length > 0;
    });
  }

  function setUp(list) {
    var rows = rowsOf(list);
    var filled = rows.filter(function (row) { return !row.hasAttribute("data-new-row"); });
    if (filled.length) {
      rows.forEach(function (row) {
        if (row.hasAttribute("data-new-row")) {
          row.remove();
        }
      });
    }
    own(list, "[data-add-row]").forEach(function (button) {
      button.hidden = false;
    });
    renumber(list);
  }

  function firstField(root) {
    return root.querySelector("input:not([type=hidden]), select, textarea");
  }

  var form = document.querySelector("[data-stage-form]");
  // A page that came back with errors holds values that are not saved yet.
  var dirty = Boolean(form && summary);

  function addRow(list) {
    var template = own(list, "template[data-row-template]")[0];
    var box = own(list, "[data-rows]")[0];
    if (!template || !box) {
      return;
    }
    var index = parseInt(list.getAttribute("data-next"), 10) || rowsOf(list).length;
    list.setAttribute("data-next", String(index + 1));
    var html = template.innerHTML
      .split(list.getAttribute("data-token")).join(String(index))
      .split(list.getAttribute("data-num-token")).join(String(rowsOf(list).length + 1));
    box.insertAdjacentHTML("beforeend", html);
    var row = rowsOf(list).pop();
    row.querySelectorAll("[data-list]").forEach(setUp);
    renumber(list);
    var field = firstField(row);
    if (field) {
      field.focus();
    }
  }

  function removeRow(button) {
    var row = button.closest("[data-row]");
    var list = row && row.closest("[data-list]");
    if (!list) {
      return;
    }
    var rows = rowsOf(list);
    var next = rows[rows.indexOf(row) + 1] || rows[rows.indexOf(row) - 1];
    row.remove();
    renumber(list);
    var target = next ? firstField(next) : own(list, "[data-add-row]")[0];
    if (target) {
      target.focus();
    }
  }

  document.querySelectorAll("[data-list]").forEach(setUp);

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    var remove = event.target.closest("[data-remove-row]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-list]"));
      dirty = true;
    } else if (remove) {
      event.preventDefault();
      removeRow(remove);
      dirty = true;
    }
  });

  // Leaving a stage page with unsaved changes asks first.
  if (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
})();
