// Brings one agenda row into view and gives it focus, for a meeting opened at a search hit.
// Rows are laid out lazily (content-visibility: auto), so the rows above take their real height
// only as they come into view and the target moves; scroll again until it stays put.

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export async function revealItem(el: HTMLElement, attempts = 12): Promise<void> {
  let last = Number.NaN;
  for (let i = 0; i < attempts; i++) {
    el.scrollIntoView({ block: 'center' });
    await frame();
    await frame();
    const top = el.getBoundingClientRect().top;
    if (Math.abs(top - last) < 1) break;
    last = top;
  }
  el.focus({ preventScroll: true });
}
