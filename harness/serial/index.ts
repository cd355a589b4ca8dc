/** The host side of a board's serial link: reading and classifying lines, RPC. (Resetting a board: harness/boards/reset/.) */
export { crc32, crc32Hex, formatCrc32 } from './crc32.ts';
export { DEFAULT_MAX_LINE_BYTES, LineSplitter, XOFF, XON } from './line-splitter.ts';
export type { FlowSignal, LineSplitterOptions, RawLine, SplitResult } from './line-splitter.ts';
export { classifyLine, recognisers } from './classify.ts';
export type { LineBody, LineContext, Recogniser } from './classify.ts';
export { bannerFields, idfLevels } from './serial-line.ts';
export type {
  BannerField,
  BannerLine,
  CrashLine,
  EventLine,
  IdfLevel,
  IdfLine,
  LogLine,
  LogSource,
  NoiseLine,
  RpcLine,
  SerialLine,
  SerialLineOf,
  SerialLineType,
  TextLine,
} from './serial-line.ts';
export { formatLogPrefix, parseLogLine } from './log-line.ts';
export { parseIdfLine } from './idf-line.ts';
export { parseRpcArrival } from './rpc-arrival.ts';
export type { RpcArrival } from './rpc-arrival.ts';
export { findGluedStart } from './glued-line.ts';
export type { GluedKind, GluedStart } from './glued-line.ts';
export { stripAnsi } from './ansi.ts';
export { bannerPatterns, matchBanner } from './banner.ts';
export {
  decodeFrameLine,
  encodeHandshake,
  encodeRequest,
  EOT,
  FRAME_DELIMITER,
  replyIdOf,
  sameRpcId,
  toAsciiJson,
} from './rpc-frame.ts';
export type { FrameDecoding, FrameOptions, RpcFrame, RpcId, RpcRequest } from './rpc-frame.ts';
export {
  NonAsciiWriteError,
  PortBusyError,
  PortClosedError,
  PortMissingError,
  PortOpenError,
  PortPermissionError,
  SerialError,
  SerialTimeoutError,
} from './errors.ts';
export { DEFAULT_XOFF_MAX_PAUSE_MS, FlowWriter, MOS_CHUNKING } from './flow-writer.ts';
export type { FlowEvent, WriteChunking } from './flow-writer.ts';
export { LineHistory } from './line-history.ts';
export { formatLogEntry, SerialLogFile } from './serial-log-file.ts';
export { DEFAULT_BAUD_RATE, openPort } from './port-open.ts';
export { SerialLink } from './serial-link.ts';
export type { ExpectOptions, LineMatcher, LinkClosed, LinkState, SerialLinkEvents, SerialLinkOptions } from './serial-link.ts';
export {
  RpcClientClosedError,
  RpcError,
  RpcFrameTooLargeError,
  RpcHandshakeError,
  RpcProtocolError,
  RpcRemoteError,
  RpcTimeoutError,
} from './rpc-errors.ts';
export { DEFAULT_MAX_FRAME_BYTES, DEFAULT_RPC_SRC, DEFAULT_RPC_TIMEOUT_MS, RpcClient } from './rpc-client.ts';
export type { CallOptions, HandshakeOptions, HandshakeResult, RpcClientOptions } from './rpc-client.ts';
