// GDAL's C API: datasets and drivers, raster bands, rasterisation (gdal_alg.h) and warping (gdal_utils.h), OGR features and
// geometries, OSR spatial references and CPL error handling. Only Sources/Coverage/GDAL uses it.
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
