/// <reference types="vite/client" />

/** client/locales/<language>.json with each message compiled at build time (vite.config.ts). */
declare module 'virtual:messages/*' {
  const messages: import('@lingui/core').Messages;
  export default messages;
}
