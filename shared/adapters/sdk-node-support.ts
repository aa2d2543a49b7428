/**
 * The AWS SDK for JavaScript warns once per process, at its first client, when Node is older than
 * 22: its releases after the first week of January 2027 will need Node ≥ 22 (NodeVersionSupportWarning,
 * `emitWarningIfUnsupportedVersion` in @aws-sdk/core). The Lambda functions run Node 22 and never
 * see it; Node 20 is still supported here for local work and CI with the SDK pinned by the lock
 * file, so on Node 20 the warning is turned off the way the SDK provides:
 * AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true (docs/node-versions.md). A value the user
 * set is kept. Imported for its effect before any client exists; child processes inherit it.
 */
export const SDK_NODE_WARNING_ENV = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Whether this Node is one the SDK warns about (below 22). */
export function sdkWarnsAbout(nodeVersion: string): boolean {
  return Number(/^v?(\d+)\./.exec(nodeVersion)?.[1]) < 22;
}

if (sdkWarnsAbout(process.version)) process.env[SDK_NODE_WARNING_ENV] ??= 'true';
