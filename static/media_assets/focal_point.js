// Focal-point picker for the photo change form: click (or use the arrow keys on) the preview to
// set focal_x / focal_y, which every crop keeps in frame. An external file because the Content
// Security Policy forbids inline scripts.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const x = document.getElementById("id_focal_x");
  const y = document.getElementById("id_focal_y");
  if (!x || !y) return;
  for (const picker of document.querySelectorAll("[data-focal-picker]")) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    const clamp = (value) => Math.min(1, Math.max(0, value));
    const place = () => {
      marker.style.left = `${clamp(parseFloat(x.value) || 0) * 100}%`;
      marker.style.top = `${clamp(parseFloat(y.value) || 0) * 100}%`;
    };
    const set = (fx, fy) => {
      x.value = clamp(fx).toFixed(3);
      y.value = clamp(fy).toFixed(3);
      place();
    };
    image.addEventListener("click", (event) => {
      const box = image.getBoundingClientRect();
      set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });
    const steps = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    picker.addEventListener("keydown", (event) => {
      const step = steps[event.key];
      if (!step) return;
      event.preventDefault();
      set((parseFloat(x.value) || 0) + step[0] * 0.02, (parseFloat(y.value) || 0) + step[1] * 0.02);
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    picker.classList.add("focal-ready");
    place();
  }
});
