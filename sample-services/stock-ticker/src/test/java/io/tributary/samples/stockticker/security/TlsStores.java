package io.tributary.samples.stockticker.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Throwaway TLS material made at test time with the JDK's {@code keytool}: a CA, the broker's key store (a key for
 * {@code localhost} signed by the CA), the client's key store (signed by the CA as well, for mutual TLS) and a trust
 * store holding the CA, all PKCS12. Key passwords equal their store's, as PKCS12 in {@code keytool} requires.
 *
 * @param brokerKeyStore the broker's key and certificate chain
 * @param brokerPassword the broker key store's (and key's) password
 * @param clientKeyStore the client's key and certificate chain
 * @param clientPassword the client key store's (and key's) password
 * @param trustStore the CA certificate, trusted by the broker and the clients
 * @param trustPassword the trust store's password
 */
record TlsStores(Path brokerKeyStore, String brokerPassword, Path clientKeyStore, String clientPassword,
        Path trustStore, String trustPassword) {

    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    /** Makes the stores in {@code dir} with these passwords. */
    static TlsStores create(Path dir, String brokerPassword, String clientPassword, String trustPassword)
            throws IOException, InterruptedException {
        String caPassword = "ca-" + trustPassword;
        Path ca = dir.resolve("ca.p12");
        Path caCert = certificateAuthority(ca, "CN=Tributary Test CA", caPassword);
        Path trustStore = trustStore(dir.resolve("truststore.p12"), caCert, trustPassword);
        Path broker = signedKeyStore(dir, "broker", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", brokerPassword,
                ca, caPassword, caCert);
        Path client = signedKeyStore(dir, "client", "CN=stock-ticker", null, clientPassword, ca, caPassword, caCert);
        return new TlsStores(broker, brokerPassword, client, clientPassword, trustStore, trustPassword);
    }

    /** A trust store holding only the certificate of a CA made for it: it trusts none of {@link #create}'s. */
    static Path foreignTrustStore(Path dir, String password) throws IOException, InterruptedException {
        Path caCert = certificateAuthority(dir.resolve("foreign-ca.p12"), "CN=Foreign CA", password);
        return trustStore(dir.resolve("foreign-truststore.p12"), caCert, password);
    }

    /** Makes a CA's key store at {@code store} and returns its certificate's file. */
    private static Path certificateAuthority(Path store, String dname, String password)
            throws IOException, InterruptedException {
        Path cert = Path.of(store + ".pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-ext", "bc:c", "-keystore", store, "-storetype", "PKCS12", "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store, "-storepass", password, "-file", cert);
        return cert;
    }

    private static Path trustStore(Path store, Path caCert, String password) throws IOException, InterruptedException {
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", store,
                "-storetype", "PKCS12", "-storepass", password);
        return store;
    }

    /** A key store holding a new key whose certificate the CA signed, with the CA's certificate as its chain. */
    private static Path signedKeyStore(Path dir, String name, String dname, @Nullable String san, String password, Path ca,
            String caPassword, Path caCert) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-keystore", store, "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass", password, "-file", request);
        List<Object> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca, "-storepass",
                caPassword, "-infile", request, "-outfile", cert, "-rfc", "-validity", "2"));
        if (san != null) {
            sign.addAll(List.of("-ext", san));
        }
        keytool(sign.toArray());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", store, "-storepass",
                password);
        keytool("-importcert", "-alias", name, "-file", cert, "-keystore", store, "-storepass", password);
        return store;
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KEYTOOL));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            // args[0] only: the rest holds passwords
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
        }
    }
}
