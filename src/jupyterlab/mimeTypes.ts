/** The MIME types JupyterLab gives stream output (and, for errors, the traceback). */
export const STDOUT_MIME_TYPE = 'application/vnd.jupyter.stdout';
export const STDERR_MIME_TYPE = 'application/vnd.jupyter.stderr';
