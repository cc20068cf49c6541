/*
 * pages_qr.c -- the join address as a QR code, drawn as inline SVG from
 * libqrencode's modules (ISO/IEC 18004; error correction level M, which
 * survives a projector's glare and a phone held at an angle), with the
 * four-module quiet zone the standard asks for.
 */
#include <qrencode.h>

#include "workshop/serve.h"

bool ws_qr_svg(cr_strbuf *sb, const char *text)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return false;
    int n = qr->width, size = n + 8;
    cr_strbuf_printf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                         "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">"
                         "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                     size, size, size, size);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++)
            if (qr->data[y * n + x] & 1)
                cr_strbuf_printf(sb, "M%d %dh1v1h-1z", x + 4, y + 4);
    cr_strbuf_puts(sb, "\"/></svg>");
    QRcode_free(qr);
    return true;
}
