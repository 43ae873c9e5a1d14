// The front editor without reloads: "Move up"/"Move down" move the row in place (focus stays on
// the button pressed) and rows can be dragged by their handle. The hidden position fields are
// renumbered in the rows' order, so the server saves what the editor sees. Without this script
// the same buttons submit the form and the server reorders.
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
  });
})();
