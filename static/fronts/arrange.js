// The front editor without reloads: "Move up"/"Move down" move the row in place (focus stays on
// the button pressed) and rows can be dragged by their handle. The hidden position fields are
// renumbered in the rows' order, so the server saves what the editor sees. Without this script
// the same buttons submit the form and the server reorders. "Find" searches every published
// article by headline in place (Enter in the search box too), and typing words into an Article
// field offers the articles found; without the script "Find" submits and the server lists them.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.querySelector("#front-slots tbody");
    var status = document.getElementById("front-status");
    if (!body) return;
    document.documentElement.classList.add("js");

    function renumber() {
      Array.prototype.forEach.call(body.querySelectorAll(".front-slot"), function (row, rank) {
        row.querySelector(".front-position").value = rank;
      });
    }

    function say(row, text) {
      var rows = Array.prototype.slice.call(body.querySelectorAll(".front-slot"));
      status.textContent = text + ": now row " + (rows.indexOf(row) + 1) + " of " + rows.length + ".";
    }

    body.addEventListener("click", function (event) {
      var button = event.target.closest(".front-up, .front-down");
      if (!button) return;
      event.preventDefault();
      var row = button.closest(".front-slot");
      if (button.classList.contains("front-up") && row.previousElementSibling) {
        body.insertBefore(row, row.previousElementSibling);
      } else if (button.classList.contains("front-down") && row.nextElementSibling) {
        body.insertBefore(row.nextElementSibling, row);
      }
      renumber();
      button.focus();
      say(row, "Moved");
    });

    var dragged = null;
    Array.prototype.forEach.call(body.querySelectorAll(".front-handle"), function (handle) {
      var row = handle.closest(".front-slot");
      handle.addEventListener("mousedown", function () { row.draggable = true; });
      row.addEventListener("dragstart", function (event) {
        dragged = row;
        row.classList.add("front-dragging");
        event.dataTransfer.effectAllowed = "move";
      });
      row.addEventListener("dragend", function () {
        row.classList.remove("front-dragging");
        row.draggable = false;
        dragged = null;
        renumber();
      });
    });
    body.addEventListener("dragover", function (event) {
      var over = event.target.closest(".front-slot");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? over.nextElementSibling : over);
    });
    body.addEventListener("drop", function (event) {
      event.preventDefault();
      if (dragged) say(dragged, "Moved");
    });

    var find = document.querySelector(".front-find");
    var box = document.getElementById("front-find");
    var found = document.getElementById("front-found");
    var offered = document.getElementById("front-articles");
    if (!find || !box || !found || !offered) return;

    function search(term) {
      var url = find.dataset.url + "?q=" + encodeURIComponent(term);
      return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("search failed: " + response.status);
          return response.json();
        })
        .then(function (data) { return data.results; });
    }

    function offer(results) {  // the datalist of the Article fields: the articles found first
      results.slice().reverse().forEach(function (article) {
        var same = offered.querySelector('option[value="' + Number(article.id) + '"]');
        if (same) same.remove();
        var option = document.createElement("option");
        option.value = article.id;
        option.textContent = article.headline;
        offered.insertBefore(option, offered.firstChild);
      });
    }

    function show(term, results) {
      found.textContent = "";
      results.forEach(function (article) {
        var item = document.createElement("li");
        var number = document.createElement("strong");
        number.textContent = article.id;
        item.appendChild(number);
        item.appendChild(document.createTextNode(": " + article.headline));
        found.appendChild(item);
      });
      if (!results.length) {
        var none = document.createElement("li");
        none.textContent = "No published article has “" + term + "” in its headline.";
        found.appendChild(none);
      }
      status.textContent = results.length + " published article" + (results.length === 1 ? "" : "s") +
        " found: type a number into a slot's Article field.";
      offer(results);
    }

    function findNow(event) {
      var term = box.value.trim();
      if (!term) return;
      event.preventDefault();
      search(term).then(function (results) { show(term, results); }, function () {
        status.textContent = "The search failed: press Find again to search without the script.";
        find.dataset.failed = "1";
      });
    }

    find.querySelector("button").addEventListener("click", function (event) {
      if (!find.dataset.failed) findNow(event);  // after a failure, the form searches
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !find.dataset.failed) findNow(event);
    });

    var typing = null;
    body.addEventListener("input", function (event) {
      var field = event.target;
      if (!field.matches("input[name$='-article']")) return;
      clearTimeout(typing);
      var term = field.value.trim();
      if (term.length < 3 || /^\d+$/.test(term)) return;
      typing = setTimeout(function () { search(term).then(offer, function () {}); }, 250);
    });
  });
})();
