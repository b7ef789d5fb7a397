// Mentor matching (mentoring app): «выбрать все» on the proposal's review table.
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("include-all");
  if (!all) return;
  const lines = () => document.querySelectorAll(".include-line");
  all.addEventListener("change", () => lines().forEach((box) => { box.checked = all.checked; }));
});
