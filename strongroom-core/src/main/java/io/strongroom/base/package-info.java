/**
 * The ground every layer stands on: the error types, named by meaning, that exactly one place per front end (the
 * HTTP error mapper, the CLI's exit codes) turns into a status. Depends on nothing else in Strongroom.
 */
package io.strongroom.base;
