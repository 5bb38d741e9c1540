// docgen: budget lines typed in the browser. The page works without this file (rows are
// added and removed by posting the form, totals shown after "Check"); with it, rows are added
// and removed in the page and each amount, the total and the terbilang follow the typing.
// The server reads and checks the lines again on saving: what is shown here is a preview.
(function () {
  "use strict";
  var form = document.querySelector("[data-budget-lines]");
  if (!form || typeof BigInt === "undefined") {
    return;
  }
  var body = form.querySelector("[data-lines]");
  var template = form.querySelector("template[data-line-template]");
  var totalCell = form.querySelector("[data-lines-total]");
  var wordsCell = form.querySelector("[data-lines-words]");
  var SCALE = 4; // decimals kept of a volume or a price

  // ---------------------------------------------------------------- numbers as typed

  // "1.250.000", "1.250.000,50", "1,250,000.50", "2,5", "Rp 410.000" -> "1250000.50"
  function plain(text) {
    var t = text.replace(/\u00a0/g, " ").trim().replace(/^rp\.?\s*/i, "")
      .replace(/(,-|\.-)$/, "").replace(/\s+/g, "");
    if (!/^[0-9.,]+$/.test(t) || !/[0-9]/.test(t)) {
      return null;
    }
    var dots = (t.match(/\./g) || []).length;
    var commas = (t.match(/,/g) || []).length;
    if (dots && commas) {
      return t.lastIndexOf(",") > t.lastIndexOf(".") ?
        t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
    }
    if (commas) {
      return (commas > 1 || t.split(",").pop().length === 3) ?
        t.replace(/,/g, "") : t.replace(",", ".");
    }
    if (dots > 1 || (dots === 1 && t.split(".").pop().length === 3)) {
      return t.replace(/\./g, "");
    }
    return t;
  }

  // A decimal text as a BigInt scaled by 10^SCALE (null when it has more decimals).
  function scaled(text) {
    if (text === null) {
      return null;
    }
    var parts = text.split(".");
    if (parts.length > 2) {
      return null;
    }
    var frac = (parts[1] || "");
    if (frac.length > SCALE) {
      return null;
    }
    while (frac.length < SCALE) {
      frac += "0";
    }
    return BigInt((parts[0] || "0") + frac);
  }

  function one() {
    return BigInt("1" + "0".repeat(SCALE));
  }

  // "12", "2,5", "4 org x 3 hari" -> scaled BigInt, or null.
  function volumeOf(text) {
    var t = text.trim();
    if (!t) {
      return null;
    }
    var whole = scaled(plain(t));
    if (whole !== null) {
      return whole;
    }
    var parts = t.split(/\s*[x×*]\s*(?=\d)/i);
    var product = one();
    for (var i = 0; i < parts.length; i += 1) {
      var match = /^\s*([0-9][0-9.,]*)\s*([^\d\s].*?)?\s*$/.exec(parts[i]);
      if (!match) {
        return null;
      }
      var number = scaled(plain(match[1].replace(/[.,]$/, "")));
      if (number === null) {
        return null;
      }
      product = product * number / one();
    }
    return product;
  }

  // The amount in sen (BigInt), rounded half up, or null when it cannot be told here.
  function amountOf(row) {
    var volume = volumeOf(row.querySelector("[data-volume]").value);
    var price = scaled(plain(row.querySelector("[data-price]").value));
    if (volume === null || price === null) {
      return null;
    }
    var product = volume * price; // scaled by 10^(2*SCALE)
    var unit = BigInt("1" + "0".repeat(2 * SCALE - 2));
    return (product + unit / 2n) / unit;
  }

  function grouped(whole) {
    return whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function rupiah(sen) {
    var whole = sen / 100n;
    var cents = sen % 100n;
    var text = "Rp" + grouped(whole);
    if (cents) {
      text += "," + (cents < 10n ? "0" : "") + cents.toString();
    }
    return text;
  }

  // ---------------------------------------------------------------- terbilang (idformat)

  var DIGITS = ["nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
    "sembilan"];
  var SCALES = [[1000000000000n, "triliun"], [1000000000n, "miliar"], [1000000n, "juta"],
    [1000n, "ribu"]];

  function belowHundred(n) {
    if (n === 0) { return []; }
    if (n < 10) { return [DIGITS[n]]; }
    if (n === 10) { return ["sepuluh"]; }
    if (n === 11) { return ["sebelas"]; }
    if (n < 20) { return [DIGITS[n - 10], "belas"]; }
    return [DIGITS[Math.floor(n / 10)], "puluh"].concat(belowHundred(n % 10));
  }

  function belowThousand(n) {
    var hundreds = Math.floor(n / 100);
    var words = hundreds === 0 ? [] : hundreds === 1 ? ["seratus"] : [DIGITS[hundreds], "ratus"];
    return words.concat(belowHundred(n % 100));
  }

  function spell(n) {
    if (n === 0n) {
      return ["nol"];
    }
    var words = [];
    SCALES.forEach(function (pair) {
      var group = n / pair[0];
      n = n % pair[0];
      if (group === 1n && pair[1] === "ribu") {
        words.push("seribu");
      } else if (group) {
        words = words.concat(belowThousand(Number(group)), [pair[1]]);
      }
    });
    return words.concat(belowThousand(Number(n)));
  }

  function terbilang(sen) {
    var whole = sen / 100n;
    var cents = sen % 100n;
    var parts = [];
    if (whole || !cents) {
      parts.push(spell(whole).join(" ") + " rupiah");
    }
    if (cents) {
      parts.push(spell(cents).join(" ") + " sen");
    }
    var text = parts.join(" ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // ---------------------------------------------------------------- the table

  function rows() {
    return Array.prototype.slice.call(body.querySelectorAll("tr[data-line]"));
  }

  function refresh() {
    var total = 0n;
    var known = true;
    var any = false;
    rows().forEach(function (row, i) {
      row.querySelector("[data-line-number]").textContent = String(i + 1);
      var amount = amountOf(row);
      var cell = row.querySelector("[data-amount]");
      var typed = row.querySelector("[data-volume]").value.trim() ||
        row.querySelector("[data-price]").value.trim();
      if (amount === null) {
        cell.textContent = typed ? "?" : "";
        if (typed) {
          known = false;
        }
        return;
      }
      any = true;
      cell.textContent = rupiah(amount);
      total += amount;
    });
    totalCell.textContent = rupiah(total) + (known ? "" : " + ?");
    wordsCell.textContent = any && known ? terbilang(total) : "";
  }

  var next = 0;
  rows().forEach(function (row) {
    var name = row.querySelector("[data-volume]").name;
    var index = parseInt(/\[(\d+)\]/.exec(name)[1], 10);
    next = Math.max(next, index + 1);
  });

  function addRow() {
    var html = template.innerHTML.split("[9999]").join("[" + next + "]")
      .split("-9999-").join("-" + next + "-")
      .split(" 10000<").join(" " + (rows().length + 1) + "<")
      .split("row 10000\"").join("row " + (rows().length + 1) + "\"")
      .split("baris 10000\"").join("baris " + (rows().length + 1) + "\"");
    next += 1;
    body.insertAdjacentHTML("beforeend", html);
    var row = rows().pop();
    refresh();
    var first = row.querySelector("select, input:not([type=hidden])");
    if (first) {
      first.focus();
    }
  }

  form.addEventListener("input", refresh);
  form.addEventListener("change", refresh);
  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-line]");
    if (add) {
      event.preventDefault();
      addRow();
      return;
    }
    var remove = event.target.closest("[data-remove-line]");
    if (remove) {
      event.preventDefault();
      var row = remove.closest("tr[data-line]");
      var messages = row.nextElementSibling;
      if (messages && messages.hasAttribute("data-line-messages")) {
        messages.remove();
      }
      var following = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      refresh();
      var focus = following && following.querySelector("input:not([type=hidden]), select");
      (focus || form.querySelector("[data-add-line]")).focus();
    }
  });
  refresh();
}());
