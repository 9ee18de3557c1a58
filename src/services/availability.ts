/** True when an error says the database cannot be reached or used for now, so the caller answers "try again" (see db/unavailable). */
export { isDatabaseUnavailable } from '../db/unavailable.js';
