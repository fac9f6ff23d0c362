/**
 * Audit devices (vault-compat: dataplane spec 6): the audit table behind the barrier ({@code core/audit}), one salt
 * per device ({@code audit/<uuid>/salt}), the file device, Vault's JSON entry format with HMAC-SHA256 of tokens
 * and of every string leaf of request and response data, and the fail-closed rule: with at least one device
 * enabled, a request that no device could log is not executed.
 */
package io.strongroom.audit;
