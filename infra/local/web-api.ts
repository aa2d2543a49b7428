import { API_TYPES_FILE, writeApiTypes } from './console.js';

/** `npm run web:api`: regenerates the console's typed API client (a unit test fails when it is stale). */
await writeApiTypes();
console.log(`written ${API_TYPES_FILE}`);
