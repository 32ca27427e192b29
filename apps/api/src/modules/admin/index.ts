/** Admin's front door: the admin dashboard and user management router. */
export { adminRouter } from './admin.router.js';
