import { BaseModel } from './base-model.js';

/** One rendition of a movie's stream, of one processing run: planned by the probe, made by its transcode. */
export class Rendition extends BaseModel {
  static override tableName = 'renditions';
  static override booleanColumns = ['hasAudio'];
  static override dateColumns = ['readyAt'];

  id!: number;
  movieId!: number;
  run!: number;
  width!: number;
  height!: number;
  frameRate!: number;
  /** The encoder's target, video and sound, in bits per second. */
  bitrate!: number;
  /** The sound's share of `bitrate` (0 without sound). */
  audioBitrate!: number;
  hasAudio!: boolean;
  /** 0..1 while ffmpeg runs; 1 once made. */
  progress!: number;
  /** HLS CODECS, the peak and the average bits per second of its segments: known once made. */
  codecs!: string | null;
  peakBitrate!: number | null;
  averageBitrate!: number | null;
  readyAt!: Date | null;
}
