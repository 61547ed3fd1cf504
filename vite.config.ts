import { defineConfig } from 'vite';

// One single-page app for the public portal (/) and the admin console (/console).
// Vite 8 compiles TSX itself (web/tsconfig.json: "jsx": "react-jsx"); routes are code-split with
// dynamic imports so the portal never downloads the console or ECharts.
export default defineConfig({
  root: 'web',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // antd and react-router mark modules "use client" for React Server Components; meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
