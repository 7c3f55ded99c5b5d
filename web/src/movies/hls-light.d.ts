// hls.js publishes its light build (no subtitles, no DRM, no alternate audio: what this client
// plays needs none) under `hls.js/light` without types of its own; they are those of the full build.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
