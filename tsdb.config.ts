/** tsdb's own config: the example app under example/, migrated by tsdb itself (dogfood). */
import { defineConfig } from 'tsdb';

export default defineConfig({
  url: process.env.DATABASE_URL ?? 'sqlite:///example/app.db',
  models: ['example/common/models.ts'],
  migrations: 'migrations',
});
