package bench;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * latest.png: three bar charts stacked, joins per second (log scale) and p99 latency per stream case for k = 2 and
 * k = 3 (lagging rows in the first only), then requests per second of the REST cases.
 */
final class Chart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 300;

    private Chart() {
    }

    static void write(List<StreamRow> streams, List<RestRow> rest, String title, Path png) throws IOException {
        List<StreamRow> measured = streams.stream().filter(r -> !r.throughput().isEmpty() && r.joins()).toList();
        List<CategoryChart> charts = new ArrayList<>();
        if (!measured.isEmpty()) {
            charts.add(byK(measured, "joins/s — " + title, "joins/s", StreamRow::rate, true));
        }
        // lagging rows have no latency runs: left out rather than drawn as 0 ms
        List<StreamRow> withLatency = measured.stream().filter(r -> !r.latency().isEmpty()).toList();
        if (!withLatency.isEmpty()) {
            charts.add(byK(withLatency, "p99 latency at half load", "ms", StreamRow::p99, false));
        }
        if (!rest.isEmpty()) {
            CategoryChart r = chart("REST demo endpoint", "requests/s");
            r.addSeries("requests/s", rest.stream().map(RestRow::name).toList(), rest.stream().map(RestRow::rps).toList());
            charts.add(r);
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT * Math.max(1, charts.size()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), 0, HEIGHT * i, null);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static CategoryChart byK(List<StreamRow> rows, String title, String unit, ToDoubleFunction<StreamRow> value, boolean log) {
        CategoryChart c = chart(title, unit);
        c.getStyler().setYAxisLogarithmic(log);
        if (log) {
            c.getStyler().setYAxisMin(1.0);
        }
        List<String> names = rows.stream().map(StreamRow::name).distinct().toList();
        for (int k : List.of(2, 3)) {
            List<Double> ys = names.stream().map(n -> rows.stream().filter(r -> r.name().equals(n) && r.k() == k).findFirst()
                    .map(value::applyAsDouble).filter(v -> !v.isNaN()).map(v -> log ? Math.max(1.0, v) : v).orElse(log ? 1.0 : 0.0)).toList();
            c.addSeries("k=" + k, names, ys);
        }
        return c;
    }

    private static CategoryChart chart(String title, String unit) {
        CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(unit).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(13f));
        return c;
    }
}
