/** Saves text the back end produced as a file in the browser's downloads, under the name the back end chose. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the URL by now; revoking later frees the blob without racing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
