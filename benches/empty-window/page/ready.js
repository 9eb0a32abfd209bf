// Reports "ready" the way the app's first screen does: once the page has been painted.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke('ui_ready', { screen: 'empty window' })),
);
