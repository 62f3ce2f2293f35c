import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Checks the runtime base can do what bi-template does in it: Java2D without a display, a font that shows Chinese
 * (shop and SKU names), and PNG encoding. ci/images.sh compiles it on the host and runs it in the runtime base with
 * the base's own java, read-only root and /tmp as the only writable place, exactly like a service.
 *
 * <p>Usage: {@code java -cp <dir> FontCheck <font family>}; prints what it found, exits 1 on any miss.
 */
public final class FontCheck {
    private static final String CJK_SAMPLE = "天猫旗舰店淘宝";

    private FontCheck() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        String family = args.length > 0 ? args[0] : "WenQuanYi Micro Hei";
        Set<String> families = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
        if (!families.contains(family)) {
            System.out.println("font family '" + family + "' not installed; found " + families);
            System.exit(1);
        }
        Font font = new Font(family, Font.PLAIN, 24);
        int missing = font.canDisplayUpTo(CJK_SAMPLE);
        if (missing != -1) {
            System.out.println("'" + family + "' cannot show '" + CJK_SAMPLE.charAt(missing) + "'");
            System.exit(1);
        }
        BufferedImage image = new BufferedImage(200, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 40);
        g.setColor(Color.BLACK);
        g.setFont(font);
        g.drawString(CJK_SAMPLE, 4, 30);
        g.dispose();
        int inked = 0;
        for (int x = 0; x < 200; x++) {
            for (int y = 0; y < 40; y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    inked++;
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png) || inked < 200) {
            System.out.println("drawing failed: " + inked + " inked pixels, " + png.size() + " PNG bytes");
            System.exit(1);
        }
        System.out.println("'" + family + "' shows CJK; " + inked + " inked pixels, " + png.size() + " PNG bytes");
    }
}
