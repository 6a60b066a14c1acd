/// <reference types="electron-vite/node" />
declare module '*?modulePath' {
  const path: string;
  export default path;
}
