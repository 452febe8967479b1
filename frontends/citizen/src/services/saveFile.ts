/**
 * Hands a file the app fetched (through the API client, with the session) to the browser as a download.
 * Files behind the session cannot be plain links: the access token is in memory, not in a cookie.
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the download has started from the URL by now; give slow browsers a moment before freeing it
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
