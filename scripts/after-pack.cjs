// electron-builder afterPack hook: flip Electron's fuses in the packaged binary before it is
// signed and wrapped in the installer. What each fuse closes:
//   RunAsNode off                     the app cannot be started as a plain Node.js (ELECTRON_RUN_AS_NODE)
//   EnableNodeOptionsEnvironmentVariable off, EnableNodeCliInspectArguments off
//                                     no code injected through NODE_OPTIONS or --inspect
//   EnableEmbeddedAsarIntegrityValidation on, OnlyLoadAppFromAsar on
//                                     only the app.asar shipped (and hashed) in the installer runs
//   EnableCookieEncryption on         the renderer's storage is encrypted with the OS key store
const path = require('node:path');

exports.FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  GrantFileProtocolExtraPrivileges: false,
};

exports.default = async function afterPack(context) {
  const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
  const ext = { win32: '.exe', darwin: '.app', linux: '' }[context.electronPlatformName] ?? '';
  const executable = path.join(context.appOutDir, `${context.packager.appInfo.productFilename}${ext}`);
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(exports.FUSES)) config[FuseV1Options[name]] = value;
  await flipFuses(executable, config);
};
