import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Vendor chunks by how often they change and who needs them: React for every page; ECharts only
 * with the chart screens (lazy), shared by all of them. antd is left to Rollup on purpose: a single
 * antd chunk would pull every component any lazy screen uses into the home page's first load.
 */
function vendorChunk(id: string): string | undefined {
  if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
  if (/node_modules\/(echarts|zrender|echarts-for-react)\//.test(id)) return 'echarts';
  return undefined;
}

/** The console is served at the API's root (same origin as /v1), so assets are absolute. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
});
