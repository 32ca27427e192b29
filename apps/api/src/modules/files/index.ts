/**
 * Files' front door (ADR 018): the upload and download routes, and what other modules need of an
 * upload: checking a form's file is the actor's own, marking
 * the files a saved form uses, showing attached files, deleting a person's files and abandoned uploads.
 */
export { fileRoutes } from './files.routes.js';
export {
  assertOwnUpload,
  deleteFilesOfOwner,
  deleteUnattachedFiles,
  fileSummaries,
  markUrlsInUse,
} from './files.service.js';
export { fileStorage } from './storage.js';
