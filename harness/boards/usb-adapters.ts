/**
 * USB-serial adapters found on ESP32 boards, by USB vendor and product id. A port whose
 * adapter is in this table is very likely an ESP32 board.
 */
export interface AdapterKind {
  vendorId: string;
  productId?: string;
  name: string;
}

export const esp32Adapters: readonly AdapterKind[] = [
  { vendorId: '10c4', productId: 'ea60', name: 'Silicon Labs CP210x' },
  { vendorId: '1a86', productId: '7523', name: 'WCH CH340' },
  { vendorId: '1a86', productId: '55d4', name: 'WCH CH9102' },
  { vendorId: '0403', productId: '6001', name: 'FTDI FT232R' },
  { vendorId: '0403', productId: '6010', name: 'FTDI FT2232' },
  { vendorId: '303a', name: 'Espressif native USB (ESP32-S2/S3/C3)' },
];

export function recogniseAdapter(vendorId: string | undefined, productId: string | undefined): AdapterKind | undefined {
  const vid = vendorId?.toLowerCase();
  const pid = productId?.toLowerCase();
  return esp32Adapters.find((a) => a.vendorId === vid && (a.productId === undefined || a.productId === pid));
}
