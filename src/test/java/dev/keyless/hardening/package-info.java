/**
 * Attack tests: what an unauthenticated (or wrongly authorised) client could once do to a running
 * Keyless, each sent over a real socket to {@code keyless serve} started as a separate process
 * with the {@code keyless} launcher's default JVM options ({@code HardeningNode} here,
 * {@code dev.keyless.testing.LauncherServer} elsewhere, both through
 * {@code KeylessProcess.startWithLauncherDefaults}). Each asserts the exact answer (code, timeout,
 * connection closed), that nothing was granted (read back from the audit log in the store or from
 * {@code /metrics}), and, for a denial of service, that a legitimate AssumeRole answers within 1 s
 * during and after the attack. The standard output of each test prints its figures, tagged
 * {@code [item N]} by the row of this table.
 *
 * <table>
 * <caption>Attack → test class</caption>
 * <tr><th>Item</th><th>Attack</th><th>Test class</th><th>Legitimate AssumeRole &lt; 1 s</th></tr>
 * <tr><td>1</td><td>idle and slowloris connections exhaust the heap</td>
 *     <td>{@code hardening.ConnectionExhaustionTest}</td><td>during and after</td></tr>
 * <tr><td>2</td><td>metric labels from the request (method, path)</td>
 *     <td>{@code hardening.MetricLabelsTest}</td><td>during and after</td></tr>
 * <tr><td>3</td><td>quadratic regex in audit redaction (CPU per request)</td>
 *     <td>{@code hardening.RedactionCpuTest}</td><td>during and after</td></tr>
 * <tr><td>4</td><td>CI API client chooses namespace and project ids</td>
 *     <td>{@code issuer.e2e.CiDerivedClaimsHttpTest}</td><td>—</td></tr>
 * <tr><td>5</td><td>log injection (CR/LF, ESC, C1) through request values</td>
 *     <td>{@code hardening.LogInjectionTest}</td><td>—</td></tr>
 * <tr><td>6</td><td>audit amplification (bytes stored per junk request)</td>
 *     <td>{@code hardening.AuditRowSizeTest}</td><td>after</td></tr>
 * <tr><td>7</td><td>SigV4 without {@code host} signed (header and presigned)</td>
 *     <td>{@code aws.e2e.SigV4HostNotSignedHttpTest}</td><td>—</td></tr>
 * <tr><td>8</td><td>key endpoint that drips (no overall fetch deadline)</td>
 *     <td>{@code oidc.KeyFetchDeadlineHttpTest}</td><td>during and after</td></tr>
 * <tr><td>9</td><td>kid-less tokens against many or absurd RSA keys (CPU)</td>
 *     <td>{@code oidc.KidlessKeyCostHttpTest}</td><td>during and after</td></tr>
 * <tr><td>10</td><td>service-account ID token passed off as a CI job token</td>
 *     <td>{@code gcp.http.ServiceAccountIdTokenIssuerHttpTest}</td><td>—</td></tr>
 * <tr><td>11</td><td>HEAD with a body, {@code Connection: close} ignored, invalid method → 500</td>
 *     <td>{@code hardening.ProtocolConformanceTest}</td><td>after</td></tr>
 * <tr><td>12</td><td>data folder and database files world-readable</td>
 *     <td>{@code hardening.DataFolderPermissionsTest}</td><td>—</td></tr>
 * <tr><td>13</td><td>redaction by length erases a long branch name</td>
 *     <td>{@code hardening.RedactionCpuTest}</td><td>—</td></tr>
 * <tr><td>14</td><td>discovery {@code jwks_uri} on another origin, http for all issuers</td>
 *     <td>{@code oidc.JwksUriOriginHttpTest}</td><td>—</td></tr>
 * <tr><td>15</td><td>CI project paths and refs GitLab and git refuse</td>
 *     <td>{@code issuer.e2e.CiPathAndRefRulesHttpTest}</td><td>—</td></tr>
 * <tr><td>16</td><td>unbounded scopes, CEL iterations, source identity</td>
 *     <td>{@code oidc.UnboundedInputsHttpTest}</td><td>during and after (CEL)</td></tr>
 * <tr><td>17</td><td>a body split across segments, chunked, or chunked past the limit</td>
 *     <td>{@code hardening.RequestBodyFramingTest}</td><td>—</td></tr>
 * </table>
 */
package dev.keyless.hardening;
