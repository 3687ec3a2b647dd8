// A new search ranks by best match. The list's form keeps the Sort select as the
// list had it; when the reader types other words and leaves the select alone, it
// goes back to its first option ("Best match" when searching, "Newest first"
// otherwise), as a search from the header box does. Without this script a chosen
// date sort is kept for the new words, which the select shows before submitting.
document.querySelectorAll("form.list-search").forEach((form) => {
  const words = form.elements.namedItem("q");
  const sort = form.elements.namedItem("sort");
  if (!words || !sort) return;
  let chosen = false;
  sort.addEventListener("change", () => {
    chosen = true;
  });
  form.addEventListener("submit", () => {
    if (!chosen && words.value.trim() !== words.defaultValue.trim()) sort.selectedIndex = 0;
  });
});
