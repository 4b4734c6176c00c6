// Article view: pointing at an event in the list outlines its sentence in the text, and back.
"use strict";
(function () {
  const list = document.getElementById("event-list");
  const story = document.getElementById("article-text");
  if (!list || !story) return;
  function mark(eventId, on) {
    story.querySelectorAll("[data-events]").forEach((el) => {
      if (el.dataset.events.split(" ").includes(eventId)) el.classList.toggle("active", on);
    });
    list.querySelectorAll("[data-event-id]").forEach((el) => {
      if (el.dataset.eventId === eventId) el.classList.toggle("active", on);
    });
  }
  list.querySelectorAll("[data-event-id]").forEach((item) => {
    item.addEventListener("mouseenter", () => mark(item.dataset.eventId, true));
    item.addEventListener("mouseleave", () => mark(item.dataset.eventId, false));
  });
  story.querySelectorAll("[data-events]").forEach((el) => {
    const ids = el.dataset.events.split(" ");
    el.addEventListener("mouseenter", () => ids.forEach((id) => mark(id, true)));
    el.addEventListener("mouseleave", () => ids.forEach((id) => mark(id, false)));
  });
})();
