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
  // A page that came back with errors, or shows a draft restored, holds values that are not
  // saved yet.
  var dirty = Boolean(form && (summary || form.hasAttribute("data-restored")));

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

  // A link of the problem banner moves the focus to its field, not only the view: the
  // field, or the first field of the row or list it names.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-problem-banner] a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    var field = target.matches("input, select, textarea") ? target : firstField(target);
    event.preventDefault();
    (field || target).scrollIntoView({block: "center", behavior: "instant"});
    if (field) {
      field.focus({preventScroll: true});
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.getAttribute("href"));
    }
  });

  // Dates typed dd/mm/yyyy and times HH:MM whatever the browser's language: the separator
  // is written after the day, the month and the hour as a phone's number pad has none; a
  // separator typed after it is not doubled.
  document.addEventListener("input", function (event) {
    var el = event.target;
    var isDate = el.hasAttribute && el.hasAttribute("data-date");
    if (!isDate && !(el.hasAttribute && el.hasAttribute("data-time"))) {
      return;
    }
    if (!event.inputType || event.inputType.indexOf("insert") !== 0 ||
        el.selectionStart !== el.value.length) {
      return;
    }
    var sep = isDate ? "/" : ":";
    var value = el.value.replace(/[\/.:-]{2,}/g, sep);
    if (isDate ? /^\d{2}$|^\d{1,2}\/\d{2}$/.test(value) : /^\d{2}$/.test(value)) {
      value += sep;
    }
    if (value !== el.value) {
      el.value = value;
    }
  });

  // Drafts saved as the page is typed (web/drafts.py): the fields, with the CSRF token, a
  // moment after each change and once more when the page is hidden or closed, so that a
  // closed browser loses nothing. Files are left out (they are chosen again).
  var autosave = form && form.getAttribute("data-autosave");
  var pending = false;
  var stopped = false;
  var timer = null;
  var status = document.getElementById("autosave-status");

  function draftData() {
    var out = new FormData();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string") {
        out.append(key, value);
      }
    });
    return out;
  }

  function sendDraft() {
    timer = null;
    if (stopped || !pending) {
      return;
    }
    pending = false;
    fetch(autosave, {method: "POST", body: draftData(), credentials: "same-origin",
                     headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (answer) {
          if (status && answer.message) {
            status.textContent = answer.message;
          } else if (status && !response.ok) {
            status.textContent = status.getAttribute("data-failed");
          }
        });
      })
      .catch(function () {
        pending = true;
        if (status) {
          status.textContent = status.getAttribute("data-failed");
        }
      });
  }

  function changed() {
    dirty = true;
    if (!autosave || stopped) {
      return;
    }
    pending = true;
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(sendDraft, 1500);
  }

  function flush() {
    if (autosave && pending && !stopped && navigator.sendBeacon) {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      pending = !navigator.sendBeacon(autosave, draftData());
    }
  }

  // Leaving a stage page with unsaved changes asks first, unless they are in a draft.
  if (form) {
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    document.addEventListener("click", function (event) {
      if (event.target.closest("[data-add-row], [data-remove-row]")) {
        changed();
      }
    });
    form.addEventListener("submit", function () {
      dirty = false;
      stopped = true;
      if (timer) {
        clearTimeout(timer);
      }
    });
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        flush();
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) {
        return;
      }
      if (autosave) {
        flush();
        if (!pending) {
          return;
        }
      }
      event.preventDefault();
      event.returnValue = "";
    });
  }
})();
