// Upload form: send the story to POST /articles with the bearer token, then open its page.
"use strict";
(function () {
  const form = document.getElementById("upload");
  if (!form) return;
  const status = document.getElementById("upload-status");
  const text = document.getElementById("story-text");
  const file = document.getElementById("story-file");
  let html = null;  // set when the chosen file is a web page

  file.addEventListener("change", async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    const content = await chosen.text();
    if (/\.html?$/i.test(chosen.name) || chosen.type === "text/html") {
      html = content;
      text.value = "";
      text.placeholder = "Web page " + chosen.name + " will be sent as HTML";
    } else {
      html = null;
      text.value = content;
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {};
    if (html !== null && !text.value.trim()) body.html = html; else body.text = text.value;
    const title = document.getElementById("story-title").value.trim();
    const published = document.getElementById("story-published").value;
    if (title) body.title = title;
    if (published) body.published = published;
    status.className = "status";
    status.textContent = "Coding…";
    try {
      const response = await fetch("/articles", {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Authorization": "Bearer " + document.getElementById("api-token").value,
        },
        body: JSON.stringify(body),
      });
      const data = await response.json();
      if (!response.ok) {
        status.className = "status error";
        status.textContent = data.error ? data.error.message : "upload failed (" + response.status + ")";
        return;
      }
      window.location.assign(data.links.view);
    } catch (err) {
      status.className = "status error";
      status.textContent = "upload failed: " + err;
    }
  });
})();
