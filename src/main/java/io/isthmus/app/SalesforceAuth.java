package io.isthmus.app;

import io.isthmus.app.settings.IsthmusSettings;
import java.util.Locale;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.support.jsse.KeyStoreParameters;

/**
 * Sets the Salesforce component's OAuth flow from the settings: username-password (the demo and tests), JWT bearer
 * with a key store (production: no password or refresh token to rotate), or a refresh token. The component logs in
 * again by itself when a call answers 401 INVALID_SESSION_ID; credentials stay in the component and never reach a log.
 */
final class SalesforceAuth {

    private SalesforceAuth() {
    }

    static void configure(SalesforceComponent c, IsthmusSettings.Salesforce s) {
        IsthmusSettings.Auth auth = s.auth();
        c.setClientId(s.clientId().reveal());
        switch (auth.flow()) {
            case "jwt" -> {
                c.setAuthenticationType(AuthenticationType.JWT);
                c.setUserName(s.username());
                KeyStoreParameters ks = new KeyStoreParameters();
                String path = auth.keystore().toAbsolutePath().toString();
                ks.setResource("file:" + path);
                ks.setPassword(auth.keystorePassword().reveal());
                ks.setType(path.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
                c.setKeystore(ks);
            }
            case "refresh-token" -> {
                c.setAuthenticationType(AuthenticationType.REFRESH_TOKEN);
                c.setClientSecret(s.clientSecret().reveal());
                c.setRefreshToken(auth.refreshToken().reveal());
            }
            default -> {
                c.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
                c.setClientSecret(s.clientSecret().reveal());
                c.setUserName(s.username());
                c.setPassword(s.password().reveal());
            }
        }
    }
}
