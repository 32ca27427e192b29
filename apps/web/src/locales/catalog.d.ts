// A `.po` catalogue as @lingui/vite-plugin compiles it (ADR 019).
declare module '*.po' {
  import type { Messages } from '@lingui/core';
  export const messages: Messages;
}
