package skeleton.testing;

import java.util.Properties;

import org.apache.camel.main.KameletMain;

/**
 * What Camel JBang's {@code camel run FILES... application.properties --property K=V} starts, without JBang (not
 * obtainable here): its engine, KameletMain, with downloads off. Arguments: the route files (Camel's include
 * pattern), then {@code K=V} settings, which win over application.properties as {@code --property} does.
 */
public final class CamelRunMain {

    private CamelRunMain() {
    }

    public static void main(String[] args) throws Exception {
        KameletMain main = new KameletMain("camel.jbang");
        main.setDownload(false);
        Properties p = new Properties();
        p.put("camel.main.routesIncludePattern", args[0]);
        p.put("camel.component.properties.location", "file:application.properties");
        main.setInitialProperties(p);
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            main.addOverrideProperty(kv[0], kv[1]);
        }
        main.run();
    }
}
