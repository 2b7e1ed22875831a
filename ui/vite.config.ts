import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The desktop app embeds dist/ (tauri.conf.json frontendDist); `npm run mock` serves the same
// UI in a plain browser against the mock in src/api.ts.
export default defineConfig({
  plugins: [vue()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: 'safari15', chunkSizeWarningLimit: 2000 },
})
